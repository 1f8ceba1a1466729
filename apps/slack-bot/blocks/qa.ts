import type { QaFlag, Ticket } from '../../../shared/domain/index.js';
import { QA_ACTION } from '../qa/ids.js';
import { boundedList, button, context, fitBlocks, header, section } from './common.js';
import { LIMITS } from './limits.js';
import { link, safeText } from './mrkdwn.js';
import { personText } from './qa-format.js';
import { ticketTitle } from './ticket.js';
import type { Block, MessageBody } from './types.js';

function flagLine(flag: QaFlag, ticket: Ticket | undefined): string {
  const who = /^slack:([UW][A-Z0-9]+)$/.exec(flag.flaggedBy);
  const by = who === null ? safeText(flag.flaggedBy, 80) : `<@${who[1]}>`;
  const title = ticket === undefined ? safeText(flag.ticketId, 100) : ticketTitle(ticket);
  const status = flag.status === 'claimed' ? `claimed by ${personText(flag.claimedBy)}` : flag.status;
  const tags = [flag.severity ?? 'unrated', flag.category ?? 'uncategorised', status].join(' · ');
  const from = flag.permalink === null ? '' : ` · ${link(flag.permalink, 'message')}`;
  return `${title}\n${tags} · flagged by ${by} ${flag.createdAt.slice(0, 16).replace('T', ' ')}${from}\n>${safeText(flag.reason, 1500)}`;
}

/** A flag's section with "Claim & review" beside it while it still awaits a review. */
function flagSection(text: string, flag: QaFlag): Block {
  const open = flag.status === 'open' || flag.status === 'claimed';
  return {
    ...section(text),
    ...(open && { accessory: button('Claim & review', QA_ACTION.claim, flag.id, 'primary') }),
  };
}

/** The flagger's confirmation, with "Claim & review" for a reviewer who wants to score it now. */
export function qaFlagConfirmation(flag: QaFlag, ticket: Ticket): MessageBody {
  const text = `:white_check_mark: Flagged ticket ${safeText(ticket.number ?? ticket.id, 60)} for QA review.`;
  return { text, blocks: [flagSection(text, flag)] };
}

/** What the QA channel sees when someone flags a ticket. */
export function qaFlagPosted(flag: QaFlag, ticket: Ticket): MessageBody {
  return {
    text: `QA review requested for ticket ${safeText(ticket.number ?? ticket.id, 60)}`,
    blocks: [flagSection(`:mag: *QA review requested*\n${flagLine(flag, ticket)}`, flag)],
  };
}

/** The review queue, oldest first, with its full size. */
export function qaQueueMessage(
  flags: readonly QaFlag[],
  size: number,
  tickets: ReadonlyMap<string, Ticket>,
): MessageBody {
  const head = [header(`QA queue: ${size}`)];
  const list =
    flags.length === 0
      ? [context('The queue is empty. :tada:')]
      : boundedList(
          flags,
          (f) => [flagSection(flagLine(f, tickets.get(f.ticketId)), f)],
          LIMITS.messageBlocks - 1,
          size,
        );
  return {
    text: `QA queue: ${size} flags`,
    blocks: fitBlocks([...head, ...list] as Block[], LIMITS.messageBlocks),
  };
}
