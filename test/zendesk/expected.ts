import { agentUrl } from '../../connectors/zendesk/config.js';
import { mapTicket, RawMetricSet, RawTicket } from '../../connectors/zendesk/map.js';
import {
  mapComment,
  mapOrganization,
  mapUser,
  RawCommentEvent,
  RawOrganization,
  RawTicketEvent,
  RawUser,
} from '../../connectors/zendesk/map-entities.js';
import {
  applyEvent,
  emptyFold,
  foldKey,
  RawMetricEvent,
  type SlaFold,
  toSlaTarget,
} from '../../connectors/zendesk/map-sla.js';
import type { SandboxData } from '../../connectors/zendesk/sandbox/data.js';
import type { Comment, Organization, Person, SlaTarget, Ticket } from '../../shared/domain/index.js';
import { maskCardNumbers, maskCardNumbersDeep } from '../../shared/privacy/card-numbers.js';

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What the store must hold after syncing the whole sandbox: every record the sandbox serves, in
 * the domain shape, card numbers masked; deleted tickets absent, malformed ones quarantined.
 */
export function expectedStore(data: SandboxData, source: string, subdomain: string) {
  const tickets: Ticket[] = [];
  const malformed: string[] = [];
  const deleted: string[] = [];
  for (let position = 0; position < data.ticketPositions(); position++) {
    const found = data.ticketAt(position);
    if (found === null) continue;
    const raw = RawTicket.safeParse(found.ticket);
    if (!raw.success) malformed.push(String(found.ticket.id));
    else if (raw.data.status === 'deleted') deleted.push(String(raw.data.id));
    else {
      const t = mapTicket(raw.data, RawMetricSet.parse(found.metricSet), { source, subdomain });
      expectUrl(t, subdomain);
      tickets.push({
        ...t,
        subject: t.subject === null ? null : maskCardNumbers(t.subject),
        description: t.description === null ? null : maskCardNumbers(t.description),
        customFields: maskCardNumbersDeep(t.customFields),
      });
    }
  }
  const people: Person[] = [];
  for (let p = 0; p < data.userPositions(); p++) people.push(mapUser(RawUser.parse(data.userAt(p)), source));
  const organizations: Organization[] = data
    .organizations(0, 10_000)
    .items.map((o) => mapOrganization(RawOrganization.parse(o), source));
  const comments: Comment[] = [];
  for (const item of data.ticketEvents(0, 10_000_000).items) {
    const event = RawTicketEvent.parse(item);
    for (const child of event.child_events ?? []) {
      if (child.type !== 'Comment') continue;
      const c = mapComment(RawCommentEvent.parse(child), event, source);
      comments.push({ ...c, body: maskCardNumbers(c.body) });
    }
  }
  const folds = new Map<string, SlaFold>();
  for (const item of data.metricEvents(0, 10_000_000).items) {
    const event = RawMetricEvent.parse(item);
    const key = `${event.ticket_id}:${foldKey(event)}`;
    folds.set(key, applyEvent(folds.get(key) ?? emptyFold(event), event));
  }
  const sla = [...folds.values()]
    .map((f) => toSlaTarget(f, source))
    .filter((t): t is SlaTarget => t !== null);
  return {
    store: {
      tickets: tickets.sort(byId),
      people: people.sort(byId),
      organizations: organizations.sort(byId),
      comments: comments.sort(byId),
      sla: sla.sort(byId),
    },
    malformed,
    deleted,
  };
}

function expectUrl(ticket: Ticket, subdomain: string): void {
  if (ticket.url !== agentUrl(subdomain, ticket.externalId)) throw new Error(`bad url ${ticket.url}`);
}
