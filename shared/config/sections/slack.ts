import { z } from 'zod';

/** A Slack user (`U…`/`W…`) or user group (`S…`) id, as the profile's "Copy member ID" shows it. */
const SlackPrincipal = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'a Slack user id (U…/W…) or user group id (S…)');

const Principals = z.array(SlackPrincipal).default([]);

/**
 * Who may do what in Slack. Users and user groups are listed per role; `admin` may do everything.
 * Anyone listed nowhere gets `defaultRole` (`none` refuses everything but `help`).
 */
const SlackRoles = z
  .strictObject({
    manager: Principals.describe('May acknowledge, resolve and raise escalations, share SLA status'),
    qa: Principals.describe('May flag tickets for QA review and read the QA queue'),
    agent: Principals.describe('May read SLA status, escalations and customers, and escalate'),
    admin: Principals.describe('Everything, plus sync health on the App Home'),
    defaultRole: z.enum(['agent', 'none']).default('agent'),
  })
  .default({ manager: [], qa: [], agent: [], admin: [], defaultRole: 'agent' });

const Digest = z
  .strictObject({
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time like 08:30')
      .describe('Local time (in the SLA time zone) the daily digest is posted'),
    channel: z.string().min(1).optional().describe('Defaults to alertsChannel'),
  })
  .optional();

/**
 * The `slack:` section: the bot's credentials and where it talks. Secrets come from the
 * environment (`${SLACK_BOT_TOKEN}`). With `appToken` the bot connects over Socket Mode instead
 * of receiving `POST /slack/events`.
 */
export const SlackConfig = z.strictObject({
  botToken: z.string().regex(/^xoxb-/, 'a bot token starts with xoxb-'),
  signingSecret: z.string().min(8, 'the signing secret from the app’s Basic Information page'),
  appToken: z
    .string()
    .regex(/^xapp-/, 'an app-level token starts with xapp-')
    .optional()
    .describe('Socket Mode'),
  alertsChannel: z.string().min(1).optional().describe('Channel id for escalation, breach and sync alerts'),
  qaChannel: z.string().min(1).optional().describe('Channel id where QA flags are posted'),
  /** Overrides the Web API base URL (tests point it at a local fake). */
  apiUrl: z.string().url().optional(),
  roles: SlackRoles,
  digest: Digest,
  breachAlertEvery: z
    .string()
    .regex(/^\d+(s|m|h)$/, 'a duration like 15m or 1h')
    .default('15m')
    .describe('At most one SLA breach alert per group per this interval'),
  /** The bot's own ids; with them nothing calls auth.test at start (found by auth.test otherwise). */
  botUserId: z.string().optional(),
  botId: z.string().optional(),
});
export type SlackConfig = z.output<typeof SlackConfig>;
export type SlackRole = 'manager' | 'qa' | 'agent' | 'admin';
