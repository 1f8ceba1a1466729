import type { Escalation, SlaTarget, Ticket } from '../../shared/domain/index.js';
import type { Store } from '../../shared/store/index.js';

const DAY = 86_400_000;
const BATCH = 2_000;

function ticketAt(i: number, now: number): { ticket: Ticket; targets: SlaTarget[] } {
  // Two years of history; the most recent 8% still unsolved.
  const age = ((i * 7919) % 1_000_000) / 1_000_000;
  const created = now - age * 730 * DAY;
  const unsolved = age < 0.003 || i % 97 === 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  const id = `bench:${i}`;
  const ticket: Ticket = {
    id,
    source: 'bench',
    externalId: String(i),
    number: String(i),
    url: `https://bench.example/tickets/${i}`,
    subject: `Benchmark ticket ${i}`,
    description: null,
    status: unsolved ? 'open' : 'solved',
    sourceStatus: unsolved ? 'open' : 'solved',
    priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4] ?? 'normal',
    sourcePriority: null,
    type: null,
    channel: 'email',
    requesterId: `bench:p${i % 50_000}`,
    organizationId: null,
    assigneeId: i % 5 === 0 ? null : `bench:a${i % 40}`,
    groupId: `bench:g${i % 6}`,
    tags: [],
    customFields: {},
    isEscalated: false,
    satisfaction: null,
    createdAt: iso(created),
    updatedAt: iso(created + DAY),
    firstRespondedAt: null,
    solvedAt: unsolved ? null : iso(created + DAY),
    closedAt: null,
    reopens: 0,
    deleted: false,
  };
  const targets = (['first_reply', 'next_reply', 'resolution'] as const).map((metric, m): SlaTarget => {
    const due = created + (m + 1) * 4 * 3_600_000;
    const late = (i + m) % 5 === 0;
    const settledAt = due + (late ? 3_600_000 : -3_600_000);
    const open = unsolved && m > 0;
    return {
      id: `bench:${i}:${metric}`,
      source: 'bench',
      externalId: `${i}:${metric}`,
      ticketId: id,
      metric,
      policy: 'bench',
      startedAt: iso(created),
      dueAt: iso(due),
      stage: open ? (due < now ? 'breached' : 'active') : late ? 'breached' : 'achieved',
      achievedAt: open ? null : iso(settledAt),
      breachedAt: late || (open && due < now) ? iso(due) : null,
      origin: 'native',
    };
  });
  return { ticket, targets };
}

/** Seeds `n` tickets with 3 targets each and open escalations on 2% of the unsolved ones. */
export async function seed(
  store: Store,
  n: number,
  now: number,
  progress: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < n; start += BATCH) {
    const tickets: Ticket[] = [];
    const targets: SlaTarget[] = [];
    const escalations: Escalation[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
      const made = ticketAt(i, now);
      tickets.push(made.ticket);
      targets.push(...made.targets);
      if (made.ticket.status === 'open' && i % 50 === 0) {
        escalations.push({
          id: `bench-esc-${i}`,
          ticketId: made.ticket.id,
          level: 1 + (i % 3),
          reasons: ['SLA breached'],
          ownerId: null,
          openedAt: made.ticket.updatedAt,
          openedBy: 'rules',
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          resolvedBy: null,
        });
      }
    }
    await store.transaction(async (tx) => {
      await tx.tickets.upsertMany(tickets);
      await tx.slaTargets.upsertMany(targets);
      for (const e of escalations) await tx.escalations.insert(e);
    });
    progress(Math.min(n, start + BATCH));
  }
}
