import { randomUUID } from 'node:crypto';
import type { QaFlag, Ticket } from '../../shared/domain/index.js';
import { CasebridgeError } from '../../shared/errors.js';
import type { SlackBotDeps } from './deps.js';

export { QA_CATEGORIES, QA_SEVERITIES } from '../../shared/domain/index.js';
export const MAX_REASON = 3000;

export interface FlagInput {
  ticketRef: string;
  reason: string;
  userId: string;
  category?: string | null;
  severity?: QaFlag['severity'];
  permalink?: string | null;
}

/** The ticket a person typed (number, id or CRM link); a clear error when casebridge has none. */
export async function findTicket(deps: SlackBotDeps, reference: string): Promise<Ticket> {
  const ref = reference.trim();
  if (ref.length === 0 || ref.length > 255)
    throw new CasebridgeError('tickets.unknown', 'that does not look like a ticket number', {
      hint: 'give the ticket number as the CRM shows it, e.g. 4211',
    });
  const [ticket] = await deps.store.tickets.findByReference(ref.replace(/^#/, ''));
  if (ticket === undefined)
    throw new CasebridgeError('tickets.unknown', `no ticket ${ref.slice(0, 60)} in casebridge`, {
      hint: 'use the ticket number as the CRM shows it; a new ticket appears after the next sync',
    });
  return ticket;
}

/** Stores a QA flag (audited); the caller posts it to the QA channel. */
export async function flagTicket(
  deps: SlackBotDeps,
  input: FlagInput,
): Promise<{ flag: QaFlag; ticket: Ticket }> {
  const reason = input.reason.trim();
  if (reason.length === 0) throw new CasebridgeError('qa.reason', 'say why the ticket needs a review');
  if (reason.length > MAX_REASON)
    throw new CasebridgeError(
      'qa.reason',
      `the reason is ${reason.length} characters; keep it under ${MAX_REASON}`,
    );
  const ticket = await findTicket(deps, input.ticketRef);
  const flag: QaFlag = {
    id: randomUUID(),
    ticketId: ticket.id,
    flaggedBy: `slack:${input.userId}`,
    reason,
    category: input.category ?? null,
    severity: input.severity ?? null,
    permalink: input.permalink ?? null,
    source: 'slack',
    status: 'open',
    createdAt: deps.now().toISOString(),
    claimedBy: null,
    claimedAt: null,
  };
  await deps.store.qaFlags.add(flag);
  await deps.store.auditLog.record({
    actor: flag.flaggedBy,
    action: 'qa.flag',
    target: ticket.id,
    details: { flag: flag.id, category: flag.category, severity: flag.severity },
  });
  return { flag, ticket };
}

/** Finds a ticket reference in a Slack message: a CRM ticket/case link, `#1234`, or "ticket 1234". */
export function ticketRefInText(text: string): string | null {
  const zendesk = /\/agent\/tickets\/(\d+)|\/tickets\/(\d+)/.exec(text);
  if (zendesk !== null) return zendesk[1] ?? zendesk[2] ?? null;
  const salesforce = /\/lightning\/r\/Case\/([A-Za-z0-9]{15,18})/.exec(text);
  if (salesforce?.[1] !== undefined) return salesforce[1];
  const hash = /(?:^|[\s(])#(\d{1,12})\b/.exec(text) ?? /\b(?:ticket|case)\s*#?\s*(\d{1,12})\b/i.exec(text);
  return hash?.[1] ?? null;
}
