import type { Casebridge } from '../composition-root.js';
import { createSlackBot, type SlackBot } from './index.js';

/**
 * The bot for `casebridge start`, when the config has a `slack:` section. Socket Mode
 * (`slack.appToken`) needs a WebSocket client casebridge does not ship yet: the bot is then still
 * served over HTTP, and the log says so.
 */
export function slackBotFor(casebridge: Casebridge): SlackBot | undefined {
  const slack = casebridge.config.slack;
  if (slack === undefined) return undefined;
  if (slack.appToken !== undefined)
    casebridge.log.warn(
      'slack.appToken is set, but Socket Mode is not available in this version: serving the bot at POST /slack/events instead',
    );
  return createSlackBot({
    config: () => casebridge.config,
    services: casebridge.services,
    store: casebridge.store,
    log: casebridge.log,
    health: () => casebridge.health(),
  });
}
