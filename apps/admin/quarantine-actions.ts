import { CasebridgeError } from '../../shared/errors.js';
import type { QuarantinedRecord } from '../../shared/store/index.js';
import type { Casebridge } from '../composition-root.js';
import { resetJob } from './job-actions.js';

export async function getQuarantined(casebridge: Casebridge, id: number): Promise<QuarantinedRecord> {
  const record = await casebridge.store.quarantine.get(id);
  if (record === null) {
    throw new CasebridgeError('quarantine.unknown', `there is no quarantined record ${id}`, {
      hint: 'list them: casebridge quarantine list',
    });
  }
  return record;
}

/** Drops a quarantined record for good (audited). */
export async function discardQuarantined(
  casebridge: Casebridge,
  id: number,
  actor: string,
): Promise<QuarantinedRecord> {
  const record = await getQuarantined(casebridge, id);
  await casebridge.store.transaction(async (tx) => {
    await tx.quarantine.remove(id);
    await tx.auditLog.record({
      actor,
      action: 'quarantine.discard',
      target: String(id),
      details: { jobId: record.jobId, stream: record.stream, externalId: record.externalId },
    });
  });
  return record;
}

/**
 * Retries a quarantined record: the entry is removed and its stream re-reads the CRM from `from`
 * (default: the job's `startFrom`, since the record's own change time is the CRM's to know) on the
 * next run, so a fix on either side — the data in the CRM, or the mapping in a newer casebridge —
 * takes effect. Upserts are idempotent, so re-reading is safe; if the record is still bad, the run
 * quarantines it again with the current reason.
 */
export async function retryQuarantined(
  casebridge: Casebridge,
  id: number,
  actor: string,
  from?: string,
): Promise<{ record: QuarantinedRecord; from: string | null }> {
  const record = await getQuarantined(casebridge, id);
  const result = await resetJob(casebridge, record.jobId, actor, { stream: record.stream, from });
  await casebridge.store.transaction(async (tx) => {
    await tx.quarantine.remove(id);
    await tx.auditLog.record({
      actor,
      action: 'quarantine.retry',
      target: String(id),
      details: { jobId: record.jobId, stream: record.stream, from: result.from },
    });
  });
  return { record, from: result.from };
}
