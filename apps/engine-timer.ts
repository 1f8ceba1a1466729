import { recomputeTickets } from '../shared/services/engine/recompute.js';
import type { Casebridge } from './composition-root.js';
import { reportEngineChanges } from './engine-events.js';

const PAGE = 500;

/** One pass over the unsolved tickets; returns how many escalations it opened or raised. */
export async function sweepUnsolved(casebridge: Casebridge, now = new Date()): Promise<number> {
  let after: string | null = null;
  let changed = 0;
  for (;;) {
    const tickets = await casebridge.store.tickets.listUnsolvedAfter(after, PAGE);
    if (tickets.length === 0) return changed;
    const { sla, escalation } = casebridge.config;
    const changes = await casebridge.store.transaction((tx) =>
      recomputeTickets(
        tx,
        tickets.map((t) => t.id),
        { sla, escalation },
        now,
      ),
    );
    reportEngineChanges(casebridge.log, changes);
    changed += changes.opened.length + changes.raised.length;
    after = tickets.at(-1)?.id ?? null;
  }
}

/**
 * Time moves on between syncs: a target falls due, a ticket has been unassigned for 30 minutes.
 * Every `everyMs` this walks the unsolved tickets a page at a time (one transaction each) and lets
 * the engine recompute them. Returns a function that stops it (waiting for a sweep in progress).
 */
export function startEngineTimer(casebridge: Casebridge, everyMs = 5 * 60_000): () => Promise<void> {
  let sweeping: Promise<void> | null = null;
  const sweep = async () => {
    let after: string | null = null;
    for (;;) {
      const tickets = await casebridge.store.tickets.listUnsolvedAfter(after, PAGE);
      if (tickets.length === 0) return;
      const { sla, escalation } = casebridge.config;
      const changes = await casebridge.store.transaction((tx) =>
        recomputeTickets(
          tx,
          tickets.map((t) => t.id),
          { sla, escalation },
          new Date(),
        ),
      );
      reportEngineChanges(casebridge.log, changes);
      after = tickets.at(-1)?.id ?? null;
    }
  };
  const timer = setInterval(() => {
    if (sweeping !== null) return;
    sweeping = sweep()
      .catch((error: unknown) =>
        casebridge.log.error({ err: error }, `SLA/escalation sweep failed: ${(error as Error).message}`),
      )
      .finally(() => {
        sweeping = null;
      });
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}
