import type { QaFlag, Ticket } from '../../../shared/domain/index.js';
import { boundedList, context, fitBlocks, header, section } from './common.js';
import { LIMITS } from './limits.js';
import { link, safeText } from './mrkdwn.js';
import { ticketTitle } from './ticket.js';
import type { Block, MessageBody } from './types.js';

function flagLine(flag: QaFlag, ticket: Ticket | undefined): string {
  const who = /^slack:([UW][A-Z0-9]+)$/.exec(flag.flaggedBy);
  const by = who === null ? safeText(flag.flaggedBy, 80) : `<@${who[1]}>`;
  const title = ticket === undefined ? safeText(flag.ticketId, 100) : ticketTitle(ticket);
  const tags = [flag.severity ?? 'unrated', flag.category ?? 'uncategorised', flag.status].join(' · ');
  const from = flag.permalink === null ? '' : ` · ${link(flag.permalink, 'message')}`;
  return `${title}\n${tags} · flagged by ${by} ${flag.createdAt.slice(0, 16).replace('T', ' ')}${from}\n>${safeText(flag.reason, 1500)}`;
}

/** What the QA channel sees when someone flags a ticket. */
export function qaFlagPosted(flag: QaFlag, ticket: Ticket): MessageBody {
  return {
    text: `QA review requested for ticket ${safeText(ticket.number ?? ticket.id, 60)}`,
    blocks: [section(`:mag: *QA review requested*\n${flagLine(flag, ticket)}`)],
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
          (f) => [section(flagLine(f, tickets.get(f.ticketId)))],
          LIMITS.messageBlocks - 1,
          size,
        );
  return {
    text: `QA queue: ${size} flags`,
    blocks: fitBlocks([...head, ...list] as Block[], LIMITS.messageBlocks),
  };
}
