import { CasebridgeError } from '../../../shared/errors.js';
import { customerMessage } from '../blocks/customer.js';
import { escalationsMessage } from '../blocks/escalations.js';
import { helpMessage, note } from '../blocks/help.js';
import { safeText } from '../blocks/mrkdwn.js';
import { qaFlagConfirmation, qaFlagPosted, qaQueueMessage } from '../blocks/qa.js';
import { slaMessage } from '../blocks/sla.js';
import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import { flagTicket } from '../qa.js';
import { postSafely } from '../slack-api.js';
import type { CommandContext } from './index.js';
import { qaReportCommand, qaReviewCommand } from './qa.js';

/** Lists are built from at most this many items; the builders show what fits. */
const LIST_LIMIT = 50;

/** A user error becomes a friendly answer; anything else propagates (logged, generic reply). */
async function friendly(run: () => Promise<MessageBody>): Promise<MessageBody> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CasebridgeError) return note(`:warning: ${safeText(error.describe(), 2500)}`);
    throw error;
  }
}

export async function slaCommand(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody> {
  const group = ctx.args === '' ? undefined : ctx.args;
  if (group !== undefined && group.length > 200)
    return note(':warning: That group name is too long; give the group id or name as the CRM shows it.');
  const today = await deps.services.slaToday({ now: deps.now(), group, listLimit: LIST_LIMIT });
  return slaMessage(today, { crmName: deps.crmName, group, shareable: true });
}

export async function escalationsCommand(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody> {
  const maxLevel = deps.levels();
  let minLevel = 1;
  if (ctx.args !== '') {
    const level = Number(ctx.args);
    if (!Number.isInteger(level) || level < 1 || level > maxLevel)
      return note(
        `:warning: The level is a number from 1 to ${maxLevel}, e.g. \`/casebridge escalations 2\`.`,
      );
    minLevel = level;
  }
  const open = await deps.services.escalations.listOpen(minLevel);
  return escalationsMessage(open, { crmName: deps.crmName, minLevel, maxLevel });
}

export function customerCommand(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody> {
  return friendly(async () => {
    const query = ctx.args.replace(/^<mailto:[^|>]+\|([^>]+)>$/, '$1').replace(/^#/, '');
    if (query === '')
      return note('Give an email or a ticket number: `/casebridge customer jane@example.com`.');
    if (query.length > 320 || /\s/.test(query))
      return note(
        ':warning: That is not an email or a ticket number. Try `/casebridge customer jane@example.com`.',
      );
    return customerMessage(await deps.services.customer(query), deps.crmName);
  });
}

export function qaCommand(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody> {
  return friendly(async () => {
    const [sub, ticketRef, ...reason] = ctx.args.split(/\s+/);
    const rest = ctx.args.slice((sub ?? '').length).trim();
    if (sub?.toLowerCase() === 'review') return qaReviewCommand(deps, ctx, rest);
    if (sub?.toLowerCase() === 'report') return qaReportCommand(deps, rest);
    if (sub?.toLowerCase() === 'queue') {
      const flags = await deps.store.qaFlags.queue(LIST_LIMIT);
      const tickets = new Map(
        (await deps.store.tickets.getMany(flags.map((f) => f.ticketId))).map((t) => [t.id, t]),
      );
      return qaQueueMessage(flags, await deps.store.qaFlags.queueSize(), tickets);
    }
    if (sub?.toLowerCase() !== 'flag') return helpMessage(`qa ${ctx.args}`);
    if (ticketRef === undefined || reason.length === 0)
      return note(
        'Usage: `/casebridge qa flag <ticket> <reason>`, e.g. `/casebridge qa flag 4211 promised a refund we do not offer`.',
      );
    const { flag, ticket } = await flagTicket(deps, {
      ticketRef,
      reason: reason.join(' '),
      userId: ctx.userId,
    });
    const channel = deps.slack().qaChannel;
    if (channel !== undefined) await postSafely(deps, channel, qaFlagPosted(flag, ticket));
    return qaFlagConfirmation(flag, ticket);
  });
}
