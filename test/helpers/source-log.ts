import type { Ticket } from '../../shared/domain/index.js';
import { aPerson, aTicket } from './records.js';
import type { SourceLog } from './test-connector.js';

/** A deterministic pseudo-random sequence (mulberry32), so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An event log with creations, later updates of the same tickets, deletions and malformed records,
 * plus the final state any correct sync must end with.
 */
export function buildSourceLog(source: string, size: number, seed = 1) {
  const random = seededRandom(seed);
  const log: SourceLog = { tickets: [], people: [] };
  const expected = new Map<string, Ticket>();
  let malformed = 0;
  for (let i = 0; i < size; i++) {
    const roll = random();
    const known = [...expected.keys()];
    if (roll < 0.08) {
      log.tickets.push({ op: 'upsert', record: { externalId: `bad-${i}`, status: 'exploded' } });
      malformed += 1;
    } else if (roll < 0.16 && known.length > 0) {
      const id = known[Math.floor(random() * known.length)] as string;
      const current = expected.get(id) as Ticket;
      log.tickets.push({ op: 'delete', externalId: current.externalId });
      expected.set(id, { ...current, deleted: true });
    } else if (roll < 0.35 && known.length > 0) {
      const id = known[Math.floor(random() * known.length)] as string;
      const current = expected.get(id) as Ticket;
      const updated = {
        ...current,
        status: 'solved' as const,
        subject: `${current.subject} (updated ${i})`,
        updatedAt: new Date(Date.parse(current.updatedAt) + 60_000 * i).toISOString(),
        deleted: false,
      };
      log.tickets.push({ op: 'upsert', record: updated });
      expected.set(id, updated);
    } else {
      const ticket = aTicket({
        externalId: `t-${i}`,
        source,
        subject: `Card 4111 1111 1111 1111 issue ${i}`,
        tags: [`tag-${i % 7}`],
        customFields: { order: i },
      });
      log.tickets.push({ op: 'upsert', record: ticket });
      expected.set(ticket.id, { ...ticket, subject: `Card **** **** **** 1111 issue ${i}` });
    }
  }
  for (let i = 0; i < Math.ceil(size / 4); i++) {
    log.people.push({
      op: 'upsert',
      record: aPerson({ externalId: `p-${i}`, source, email: `person${i}@example.com` }),
    });
  }
  return {
    log,
    expectedTickets: [...expected.values()].sort((a, b) => a.id.localeCompare(b.id)),
    malformed,
    people: log.people.length,
  };
}
