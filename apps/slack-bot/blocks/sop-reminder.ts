import type { StaleSop } from '../../../shared/services/sop/index.js';
import { boundedList, button, context, header, section } from './common.js';
import { LIMITS } from './limits.js';
import { safeText, truncate } from './mrkdwn.js';
import { boldText, SOP_ACTION } from './sop.js';
import type { Block, MessageBody } from './types.js';

/** Stale SOPs listed per owner in the fallback message; the rest become "and N more". */
const ITEMS_PER_OWNER = 15;

export function overdueText(item: StaleSop): string {
  if (item.daysOverdue === null) return 'never verified';
  if (item.daysOverdue === 0) return 'due today';
  return `${item.daysOverdue} day${item.daysOverdue === 1 ? '' : 's'} overdue`;
}

const itemLine = (item: StaleSop) =>
  `*${boldText(item.sop.title, 200)}* (\`${safeText(item.sop.id, 100)}\`): ${overdueText(item)}`;

/** The weekly DM to one owner: each stale SOP with a Mark verified button. */
export function sopReminderMessage(items: readonly StaleSop[]): MessageBody {
  const count = `${items.length} SOP${items.length === 1 ? '' : 's'}`;
  const lead = section(
    `You own ${count} past ${items.length === 1 ? 'its' : 'their'} review interval. Check that each still matches how we work, fix what changed, then press *Mark verified* (or run \`casebridge sop verify ID\`).`,
  );
  const rows = boundedList(
    items,
    (item): Block[] => [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(itemLine(item), LIMITS.sectionText) },
        accessory: button('Mark verified', SOP_ACTION.verify, item.sop.id),
      },
    ],
    LIMITS.messageBlocks - 2,
  );
  return {
    text: `SOPs to re-verify: ${count} you own ${items.length === 1 ? 'needs' : 'need'} review`,
    blocks: [header('SOPs to re-verify'), lead, ...rows],
  };
}

/** An owner casebridge could not reach in Slack, with why and what they own. */
export interface UnreachedOwner {
  owner: string;
  reason: string;
  items: readonly StaleSop[];
}

/** Whole lines only (a cut line could end inside an escape or a bold run), then "and N more". */
function ownerBlock(entry: UnreachedOwner): Block[] {
  let text = `*${boldText(entry.owner, 200)}* (${safeText(entry.reason, 200)})`;
  const room = LIMITS.sectionText - 40;
  let shown = 0;
  for (const item of entry.items.slice(0, ITEMS_PER_OWNER)) {
    const line = `\n• ${itemLine(item)}`;
    if (text.length + line.length > room) break;
    text += line;
    shown++;
  }
  if (shown < entry.items.length) text += `\n• …and ${entry.items.length - shown} more`;
  return [section(text)];
}

/** One message to the alerts channel listing the stale SOPs of owners who got no DM. */
export function sopUnreachedOwnersMessage(owners: readonly UnreachedOwner[]): MessageBody {
  const total = owners.reduce((n, o) => n + o.items.length, 0);
  const lead = section(
    'These SOPs are past their review interval, and casebridge could not reach their owners in Slack. Owners are matched by email (the Slack profile email) or given as a Slack user id (U…) in the SOP front matter. Please pass the list on:',
  );
  return {
    text: `SOPs to re-verify: ${total} stale SOP${total === 1 ? '' : 's'} whose owners casebridge could not reach in Slack`,
    blocks: [
      header('SOPs to re-verify: owners not reached'),
      lead,
      ...boundedList(owners, ownerBlock, LIMITS.messageBlocks - 3),
      context('Fix an owner in the SOP file, or add the address to their Slack profile.'),
    ],
  };
}
