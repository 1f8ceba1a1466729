import type { App } from '@slack/bolt';
import type { SlackRole } from '../../../shared/config/sections/slack.js';
import { COMMAND, helpMessage } from '../blocks/help.js';
import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import { refusal } from '../roles.js';
import { customerCommand, escalationsCommand, qaCommand, slaCommand } from './handlers.js';
import { sopCommand } from './sop.js';

export interface CommandContext {
  userId: string;
  channelId: string;
  args: string;
  /** Opens a modal (`qa review`); valid for 3 seconds after the command. */
  triggerId: string;
}

interface Verb {
  roles: readonly SlackRole[];
  what: string;
  run(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody>;
}

const READERS: readonly SlackRole[] = ['agent', 'manager', 'qa'];

/** The `/casebridge` verbs: who may use each, and what answers it. */
const VERBS: Record<string, Verb> = {
  sla: { roles: READERS, what: 'see SLA status', run: slaCommand },
  escalations: { roles: READERS, what: 'list escalations', run: escalationsCommand },
  customer: { roles: READERS, what: 'look up customers', run: customerCommand },
  qa: { roles: ['qa', 'manager'], what: 'use the QA queue', run: qaCommand },
  sop: { roles: READERS, what: 'look up SOPs', run: sopCommand },
};

/** Splits `verb rest…`; the verb is case-insensitive, the rest is kept as typed. */
export function parseCommandText(text: string): { verb: string; args: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { verb: trimmed.toLowerCase(), args: '' };
  return { verb: trimmed.slice(0, space).toLowerCase(), args: trimmed.slice(space + 1).trim() };
}

/**
 * `/casebridge …`: acked at once (Slack allows 3 s), then answered through respond() so a slow
 * query never makes Slack show "operation_timeout".
 */
export function register(app: App, deps: SlackBotDeps): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const { verb, args } = parseCommandText(command.text);
    const answer = await answerFor(
      deps,
      verb,
      { userId: command.user_id, channelId: command.channel_id, args, triggerId: command.trigger_id },
      command.text,
    );
    await respond({ ...answer, response_type: 'ephemeral' });
  });
}

async function answerFor(
  deps: SlackBotDeps,
  verb: string,
  ctx: CommandContext,
  text: string,
): Promise<MessageBody> {
  if (verb === '' || verb === 'help') return helpMessage();
  const handler = VERBS[verb];
  if (handler === undefined) return helpMessage(text);
  if (!(await deps.roles.may(ctx.userId, handler.roles)))
    return { text: refusal(handler.what, handler.roles), blocks: [] };
  return handler.run(deps, ctx);
}
