import type { Casebridge } from '../composition-root.js';
import { createSlackBot, type SlackBot } from './index.js';

/**
 * The bot for `casebridge start`, when the config has a `slack:` section: served at
 * `POST /slack/events`, or over Socket Mode when `slack.appToken` is set (then `start()` dials
 * Slack and the route is not mounted).
 */
export function slackBotFor(casebridge: Casebridge): SlackBot | undefined {
  if (casebridge.config.slack === undefined) return undefined;
  const bot = createSlackBot({
    config: () => casebridge.config,
    services: casebridge.services,
    store: casebridge.store,
    log: casebridge.log,
    health: () => casebridge.health(),
  });
  casebridge.log.info(
    { component: 'slack', mode: bot.mode },
    bot.mode === 'socket'
      ? 'Slack bot: Socket Mode (slack.appToken is set; POST /slack/events is not served)'
      : 'Slack bot: HTTP at POST /slack/events',
  );
  return bot;
}
