import { z } from 'zod';

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
});
export type SlackConfig = z.output<typeof SlackConfig>;
