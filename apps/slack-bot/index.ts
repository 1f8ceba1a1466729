import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Config } from '../../shared/config/index.js';
import { QaConfig } from '../../shared/config/sections/qa.js';
import type { SlackConfig } from '../../shared/config/sections/slack.js';
import type { Logger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import type { JobHealth } from '../../shared/sync/index.js';
import type { Services } from '../services.js';
import * as actions from './actions/index.js';
import { createMonitor, type Monitor } from './alerts/monitor.js';
import { createSopReminder, type SopReminder } from './alerts/sop-reminder.js';
import * as commands from './commands/index.js';
import type { SlackBotDeps } from './deps.js';
import * as events from './events/index.js';
import { handleListenerErrors } from './failures.js';
import { CasebridgeReceiver, type SlackHttpHandler } from './receiver.js';
import { createRoles } from './roles.js';
import * as shortcuts from './shortcuts/index.js';
import { boltLogger, webClientOptions } from './slack-api.js';
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
  app: App;
  deps: SlackBotDeps;
  /** `http`: Slack posts to `POST /slack/events`; `socket`: the bot dials out (`slack.appToken`). */
  mode: 'http' | 'socket';
  /** The `POST /slack/events` endpoint, framework-free (the server route wraps it); HTTP mode only. */
  handleHttp: SlackHttpHandler | undefined;
  /** Alerts and the digest; `start()` it where the bot runs (once per deployment). */
  monitor: Monitor;
  /** The weekly reminder to owners of stale SOPs; `start()` it where the monitor runs. */
  sopReminder: SopReminder;
  /** Opens the Socket Mode connection (nothing to do over HTTP: the server serves the route). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CRM_NAMES: Record<string, string> = { zendesk: 'Zendesk', salesforce: 'Salesforce' };

/**
 * The Slack bot on Bolt. Nothing touches the network at construction: Bolt is given an
 * `authorize` function (the configured token and ids) instead of a token it would check with
 * `auth.test`, and the Web API is called only when a listener or an alert needs it, at
 * `slack.apiUrl` when set (tests).
 */
export function createSlackBot(input: SlackBotInput): SlackBot {
  const slack = (): SlackConfig => {
    const config = input.config().slack;
    if (config === undefined) throw new Error('the Slack bot needs a `slack:` section in casebridge.yaml');
    return config;
  };
  const log = input.log.child({ component: 'slack' });
  const clientOptions = webClientOptions({ apiUrl: slack().apiUrl, log });
  const appToken = slack().appToken;
  const http = appToken === undefined ? new CasebridgeReceiver(() => slack().signingSecret, log) : undefined;
  const receiver =
    http ??
    new SocketModeReceiver({
      appToken: appToken ?? '',
      logger: boltLogger(log),
      // apps.connections.open goes where the Web API goes (a local fake in tests).
      installerOptions: { clientOptions },
      // A failure was already logged and told to the user by app.error; an envelope that failed
      // before its ack stays unacked, as with Bolt's default handler.
      processEventErrorHandler: async () => false,
    });
  const app = new App({
    receiver,
    ...(http === undefined && { socketMode: true }),
    // Read per request, so a config reload (new token) applies; the ids spare Bolt an auth.test.
    authorize: async () => {
      const { botToken, botId, botUserId } = slack();
      return {
        botToken,
        ...(botId !== undefined && { botId }),
        ...(botUserId !== undefined && { botUserId }),
      };
    },
    logger: boltLogger(log),
    clientOptions,
    // Nothing here keeps conversation state; the store's middleware would run on every request.
    convoStore: false,
    extendedErrorHandler: true,
  });
  // Bolt's own client (app.client) has no token when `authorize` is used: work outside a request
  // (alerts, the digest, role lookups) gets a client of its own, with the same options.
  const client = new webApi.WebClient(slack().botToken, clientOptions);
  const deps: SlackBotDeps = {
    slack,
    // No `qa:` section: the defaults (self-review refused, 7-day dispute window, no leads).
    qaConfig: () => input.config().qa ?? QaConfig.parse({}),
    sop: () => input.config().sop,
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
  handleListenerErrors(app, log);
  for (const listeners of [commands, actions, views, shortcuts, events]) listeners.register(app, deps);
  return {
    app,
    deps,
    mode: http === undefined ? 'socket' : 'http',
    handleHttp: http?.handle,
    monitor: createMonitor(deps),
    sopReminder: createSopReminder(deps),
    start: async () => {
      await app.start();
    },
    stop: async () => {
      await app.stop();
    },
  };
}
