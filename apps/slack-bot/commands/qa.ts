import { note } from '../blocks/help.js';
import { safeText } from '../blocks/mrkdwn.js';
import { qaReportMessage } from '../blocks/qa-report.js';
import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import { slackActor } from '../qa/identity.js';
import { flagFromReference, openReview } from '../qa/review.js';
import type { CommandContext } from './index.js';

/** `/casebridge qa review <flag id | ticket>`: claims the flag and opens the review form. */
export async function qaReviewCommand(
  deps: SlackBotDeps,
  ctx: CommandContext,
  reference: string,
): Promise<MessageBody> {
  const ref = reference.trim().replace(/^#/, '');
  if (ref === '' || /\s/.test(ref))
    return note(
      'Usage: `/casebridge qa review <flag id | ticket>`, e.g. `/casebridge qa review 4211`; `/casebridge qa queue` lists the flags.',
    );
  const flag = await flagFromReference(deps, ref, await slackActor(deps, ctx.userId));
  const { claimed } = await openReview(deps, {
    userId: ctx.userId,
    flagId: flag.id,
    triggerId: ctx.triggerId,
  });
  return note(
    claimed
      ? `:memo: Opened the review form for flag ${safeText(flag.id, 80)}; the flag is claimed for you.`
      : `:memo: Flag ${safeText(flag.id, 80)} cannot be reviewed in Slack: the modal says why.`,
  );
}

const MAX_DAYS = 3650;

/** `/casebridge qa report [days]`: the QA report of the last N days (30 by default). */
export async function qaReportCommand(deps: SlackBotDeps, argument: string): Promise<MessageBody> {
  const text = argument.trim();
  const days = text === '' ? 30 : Number(text);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    return note(
      `:warning: The period is a whole number of days from 1 to ${MAX_DAYS}, e.g. \`/casebridge qa report 7\`.`,
    );
  return qaReportMessage(await deps.services.qa.report({ days }));
}
