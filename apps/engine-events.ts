import type { Logger } from '../shared/log/logger.js';
import type { RecomputeResult } from '../shared/services/engine/recompute.js';

/** What the engine changed, in the log (the Slack bot announces the same events in its channel). */
export function reportEngineChanges(log: Logger, changes: RecomputeResult): void {
  for (const e of changes.opened)
    log.info(
      { ticket: e.ticketId, level: e.level },
      `escalation opened on ${e.ticketId} at level ${e.level}: ${e.reasons.join('; ')}`,
    );
  for (const e of changes.raised)
    log.info(
      { ticket: e.ticketId, level: e.level },
      `escalation on ${e.ticketId} raised to level ${e.level}`,
    );
  for (const e of changes.resolved)
    log.info({ ticket: e.ticketId }, `escalation on ${e.ticketId} resolved: ticket solved`);
  for (const p of changes.problems)
    log.warn({ ticket: p.ticketId }, `SLA not computed for ${p.ticketId}: ${p.message}`);
}
