import type { EscalationView } from '../../../shared/services/escalation/service.js';
import {
  actions,
  ageText,
  boundedList,
  button,
  context,
  fitBlocks,
  header,
  section,
  urlButton,
} from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { ACTION, sourceOf, ticketTitle } from './ticket.js';
import type { Block, MessageBody } from './types.js';

/** Who owns it, as a Slack mention when the owner is a Slack user (`slack:U123`), else as text. */
export function ownerText(ownerId: string | null): string {
  if (ownerId === null) return 'no owner';
  const slack = /^slack:([UW][A-Z0-9]+)$/.exec(ownerId);
  return slack === null ? safeText(ownerId, 80) : `<@${slack[1]}>`;
}

function state(view: EscalationView): string {
  const e = view.escalation;
  if (e.resolvedAt !== null) return ':white_check_mark: resolved';
  if (e.acknowledgedBy !== null) return `:eyes: acknowledged by ${ownerText(e.acknowledgedBy)}`;
  return ':red_circle: not acknowledged';
}

/** One escalation: ticket, level, owner, age, reasons, and its buttons (value = escalation's ticket id). */
export function escalationBlocks(
  view: EscalationView,
  blockId: string,
  crmName: (s: string) => string,
  maxLevel: number,
): Block[] {
  const e = view.escalation;
  const ticket = view.ticket ?? { id: e.ticketId, number: null, subject: null, url: null };
  const reasons = safeText(e.reasons.join('; '), 600);
  const text = [
    `${ticketTitle(ticket)}`,
    `*${safeText(view.levelName, 60)}* (level ${e.level}) · ${ownerText(e.ownerId)} · open ${ageText(view.ageMinutes)} · ${state(view)}`,
    `_${reasons}_`,
  ].join('\n');
  const open = e.resolvedAt === null;
  return [
    section(text),
    ...actions(blockId, [
      urlButton(`Open in ${crmName(sourceOf(ticket.id))}`, ACTION.openTicket, ticket.url),
      open && e.acknowledgedBy === null
        ? button('Acknowledge', ACTION.acknowledge, e.ticketId, 'primary')
        : null,
      open && e.level < maxLevel ? button('Raise level', ACTION.raise, e.ticketId) : null,
      open ? button('Resolve', ACTION.resolve, e.ticketId, 'danger') : null,
    ]),
  ];
}

/** Open escalations, highest level first, with owner and age. */
export function escalationsMessage(
  views: readonly EscalationView[],
  options: { crmName: (s: string) => string; minLevel: number; maxLevel: number },
): MessageBody {
  const sorted = [...views].sort(
    (a, b) => b.escalation.level - a.escalation.level || b.ageMinutes - a.ageMinutes,
  );
  const scope = options.minLevel > 1 ? ` (level ${options.minLevel}+)` : '';
  const head = [header(`Open escalations${scope}: ${views.length}`)];
  const list =
    sorted.length === 0
      ? [context('No open escalations. :tada:')]
      : boundedList(
          sorted,
          (v, i) => escalationBlocks(v, `esc.${i}`, options.crmName, options.maxLevel),
          LIMITS.messageBlocks - head.length,
        );
  return {
    text: `${views.length} open escalations${scope}`,
    blocks: fitBlocks([...head, ...list], LIMITS.messageBlocks),
  };
}
