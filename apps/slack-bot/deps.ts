import type { QaConfig } from '../../shared/config/sections/qa.js';
import type { SlackConfig } from '../../shared/config/sections/slack.js';
import type { SopConfig } from '../../shared/config/sections/sop.js';
import type { Logger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import type { JobHealth } from '../../shared/sync/index.js';
import type { Services } from '../services.js';
import type { Roles } from './roles.js';
import type { SlackClient } from './slack-api.js';

/** What the listeners receive; built once in `createSlackBot`. Getters, so a config reload applies. */
export interface SlackBotDeps {
  slack: () => SlackConfig;
  /** The `qa:` section (self-review, leads, dispute window), read per request. */
  qaConfig: () => QaConfig;
  /** The `sop:` section (folder, browse URL, review reminder); undefined = defaults. */
  sop: () => SopConfig | undefined;
  services: Services;
  store: Store;
  log: Logger;
  health: () => Promise<JobHealth[]>;
  /** "Zendesk" or "Salesforce" for a connection id: the label of "Open in …" buttons. */
  crmName: (source: string) => string;
  timeZone: () => string;
  /** How many escalation levels are configured (at least 1). */
  levels: () => number;
  now: () => Date;
  /** For work outside a request (alerts, the digest, roles); listeners use Bolt's `client`. */
  client: SlackClient;
  roles: Roles;
}
