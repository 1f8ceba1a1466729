import { actions, button, section, urlButton } from './common.js';
import { link, safeText } from './mrkdwn.js';
import type { Block } from './types.js';

export const ACTION = {
  openTicket: 'ticket.open',
  escalate: 'ticket.escalate',
  share: 'sla.share',
  acknowledge: 'escalation.acknowledge',
  resolve: 'escalation.resolve',
  raise: 'escalation.raise',
} as const;

/** Enough of a ticket to show one line of it. */
export interface TicketLine {
  id: string;
  number: string | null;
  subject: string | null;
  url: string | null;
}

/** `#1234 Subject` with the number linked to the CRM; the subject is escaped CRM text. */
export function ticketTitle(ticket: TicketLine): string {
  const number = safeText(ticket.number ?? ticket.id, 60);
  return `${link(ticket.url, `#${number}`)} ${safeText(ticket.subject, 200, '(no subject)')}`;
}

/** The CRM's source id: the part of a record id before the first colon. */
export const sourceOf = (recordId: string): string => recordId.split(':')[0] ?? recordId;

/** A ticket line plus its "Open in <CRM>" and "Escalate" buttons. */
export function ticketBlocks(
  ticket: TicketLine,
  detail: string,
  blockId: string,
  crmName: (source: string) => string,
): Block[] {
  return [
    section(`${ticketTitle(ticket)}\n${detail}`),
    ...actions(blockId, [
      urlButton(`Open in ${crmName(sourceOf(ticket.id))}`, ACTION.openTicket, ticket.url),
      button('Escalate', ACTION.escalate, ticket.id),
    ]),
  ];
}
