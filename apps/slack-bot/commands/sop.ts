import { parseQuery, searchSops } from '../../../shared/services/sop/index.js';
import { note } from '../blocks/help.js';
import { safeText } from '../blocks/mrkdwn.js';
import { MAX_SOP_QUERY, SOP_RESULTS, sopResultsMessage } from '../blocks/sop.js';
import type { MessageBody } from '../blocks/types.js';
import type { SlackBotDeps } from '../deps.js';
import type { CommandContext } from './index.js';

/** Slack escapes these three in slash command text; a search wants what the person typed. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * `/casebridge sop <query>`: the best SOPs for the words typed. Whatever was typed is searched as
 * plain words (the service strips every operator), so input can only ever get a note, not an error.
 */
export async function sopCommand(deps: SlackBotDeps, ctx: CommandContext): Promise<MessageBody> {
  const query = unescapeSlackText(ctx.args).trim();
  if (query === '')
    return note('Say what to look for: `/casebridge sop refund`, or `/casebridge sop "account lockout"`.');
  if (query.length > MAX_SOP_QUERY)
    return note(
      `:warning: That is ${query.length} characters; search with a few words (at most ${MAX_SOP_QUERY} characters), e.g. \`/casebridge sop refund\`.`,
    );
  if (parseQuery(query).length === 0)
    return note(
      `There are no words to search for in _${safeText(query, 100)}_ (only symbols or very common words). Try \`/casebridge sop refund\`.`,
    );
  const hits = await searchSops(deps.store, query, { limit: SOP_RESULTS, now: deps.now() });
  return sopResultsMessage(query, hits);
}
