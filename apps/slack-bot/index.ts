import type { Config } from '../../shared/config/index.js';
import type { SlackConfig } from '../../shared/config/sections/slack.js';
import type { Logger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import type { JobHealth } from '../../shared/sync/index.js';
import type { Services } from '../services.js';
import * as actions from './actions/index.js';
import { createMonitor, type Monitor } from './alerts/monitor.js';
import * as commands from './commands/index.js';
import type { SlackBotDeps } from './deps.js';
import * as events from './events/index.js';
import { createSlackHttpHandler, type SlackHttpHandler } from './http.js';
import { createRoles } from './roles.js';
import { SlackApp } from './runtime/app.js';
import { createWebApi } from './runtime/web-api.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';

export interface SlackBotInput {
  config: () => Config;
  services: Services;
  store: Store;
  log: Logger;
  health: () => Promise<JobHealth[]>;
  now?: () => Date;
}

export interface SlackBot {
  app: SlackApp;
  deps: SlackBotDeps;
  /** The `POST /slack/events` endpoint, framework-free (the server route wraps it). */
  handleHttp: SlackHttpHandler;
  /** Alerts and the digest; `start()` it where the bot runs (once per deployment). */
  monitor: Monitor;
}

const CRM_NAMES: Record<string, string> = { zendesk: 'Zendesk', salesforce: 'Salesforce' };

/**
 * The Slack bot: nothing here touches the network at construction (no auth.test): the Web API is
 * called only when a listener or an alert needs it, at `slack.apiUrl` when set (tests).
 */
export function createSlackBot(input: SlackBotInput): SlackBot {
  const slack = (): SlackConfig => {
    const config = input.config().slack;
    if (config === undefined) throw new Error('the Slack bot needs a `slack:` section in casebridge.yaml');
    return config;
  };
  const log = input.log.child({ component: 'slack' });
  const client = createWebApi({ token: slack().botToken, apiUrl: slack().apiUrl, log });
  const app = new SlackApp(client, log);
  const deps: SlackBotDeps = {
    slack,
    services: input.services,
    store: input.store,
    log,
    health: input.health,
    crmName: (source) => {
      const kind = input.config().connections.find((c) => c.id === source)?.kind ?? '';
      return CRM_NAMES[kind] ?? 'CRM';
    },
    timeZone: () => input.config().sla.timeZone,
    levels: () => Math.max(1, input.config().escalation.levels.length),
    now: input.now ?? (() => new Date()),
    client,
    roles: createRoles(slack, client, log),
  };
  for (const listeners of [commands, actions, views, shortcuts, events]) listeners.register(app, deps);
  return {
    app,
    deps,
    handleHttp: createSlackHttpHandler(app, () => slack().signingSecret, log),
    monitor: createMonitor(deps),
  };
}
