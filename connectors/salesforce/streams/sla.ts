import { z } from 'zod';
import { type SlaTarget, UtcTimestamp } from '../../../shared/domain/index.js';
import { defineStream } from '../../../shared/sync/contract.js';
import type { SalesforceConnection } from '../config.js';
import { assertQuota } from '../limits.js';
import { SalesforceMapper } from '../map.js';
import { CASE_MILESTONE_FIELDS, RawCaseMilestone } from '../raw.js';
import { soql, soqlIdentifiers } from '../soql.js';
import { openEnv, toPage } from './env.js';
import { classify, ObjectCheckpoint, readObject } from './incremental.js';
import { queryPages } from './query.js';

const SlaCheckpoint = ObjectCheckpoint.extend({
  /**
   * How far open milestones were checked for violations (a run start), and the violated ones
   * already stored whose target falls in the lookback before it (not stored twice).
   */
  violations: z.strictObject({ upTo: UtcTimestamp, ids: z.array(z.string()).max(5000) }).optional(),
});
type SlaCheckpoint = z.infer<typeof SlaCheckpoint>;

const spec = (mapper: SalesforceMapper) => ({
  object: 'CaseMilestone',
  fields: CASE_MILESTONE_FIELDS,
  schema: RawCaseMilestone,
  // CaseMilestone rows go with their case; deleted cases are tombstoned by the tickets stream.
  scanAll: false,
  map: (raw: RawCaseMilestone) => mapper.milestone(raw),
});

/**
 * CaseMilestones → SLA targets (origin native). A milestone turning violated does not change its
 * SystemModstamp, so after the incremental pass every run re-reads the open milestones whose
 * target passed since the last run (bounded by `openMilestonesLimit`, paged): a breach shows up
 * on the next run at the latest, and a run with nothing new stores nothing.
 */
export const slaStream = defineStream<SalesforceConnection, SlaCheckpoint>({
  name: 'sla',
  checkpointSchema: SlaCheckpoint,
  async *read(context) {
    const env = await openEnv(context);
    const milestones = spec(new SalesforceMapper(env.connection, context.log));
    const previous = context.checkpoint?.violations;
    const lookbackMs = env.connection.lookbackMinutes * 60_000;
    const upTo = env.runStart.toISOString();
    const recentFrom = new Date(env.runStart.getTime() - lookbackMs).toISOString();
    const stored = new Set(previous?.ids ?? []);
    const recent = (targets: SlaTarget[]) =>
      targets
        .filter((t) => t.stage === 'breached' && t.dueAt !== null && t.dueAt > recentFrom)
        .map((t) => t.externalId);
    let checkpoint: SlaCheckpoint = context.checkpoint ?? { systemModstamp: null };
    const emitted = new Set<string>();
    const newIds = new Set<string>();
    for await (const batch of readObject(env, milestones, context.checkpoint)) {
      for (const target of batch.records) emitted.add(target.externalId);
      for (const id of recent(batch.records)) newIds.add(id);
      checkpoint = { ...batch.checkpoint, ...(previous === undefined ? {} : { violations: previous }) };
      yield toPage('sla', batch, checkpoint);
    }
    if (previous !== undefined) {
      const from = new Date(Date.parse(previous.upTo) - lookbackMs);
      const query = soql`SELECT ${soqlIdentifiers(CASE_MILESTONE_FIELDS)} FROM CaseMilestone WHERE IsCompleted = false AND IsViolated = true AND TargetDate > ${from} AND TargetDate <= ${env.runStart} ORDER BY TargetDate, Id LIMIT ${env.connection.openMilestonesLimit}`;
      const options = { scanAll: false, batchSize: env.connection.batchSize };
      for await (const page of queryPages(env.client, query, options)) {
        // The incremental checkpoint stays: re-reading open milestones moves nothing forward.
        const batch = classify(milestones, page.records, checkpoint.systemModstamp);
        for (const id of recent(batch.records)) newIds.add(id);
        batch.records = batch.records.filter((t) => !stored.has(t.externalId) && !emitted.has(t.externalId));
        yield toPage('sla', batch, checkpoint);
        assertQuota(env.client, env.connection.quotaThresholdPercent);
      }
    }
    // One last (possibly empty) page commits how far violations were checked.
    yield {
      records: {},
      checkpoint: { ...checkpoint, violations: { upTo, ids: [...newIds].slice(0, 5000) } },
    };
  },
});
