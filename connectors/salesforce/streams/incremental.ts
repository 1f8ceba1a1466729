import { z } from 'zod';
import { toUtcTimestamp, UtcTimestamp } from '../../../shared/domain/index.js';
import type { Logger } from '../../../shared/log/logger.js';
import type { QuarantineEntry } from '../../../shared/sync/contract.js';
import { readBulk, shouldUseBulk } from '../bulk.js';
import type { SalesforceClient } from '../client.js';
import type { SalesforceConnection } from '../config.js';
import { assertQuota, overQuota } from '../limits.js';
import { type SoqlFragment, soql, soqlIdentifiers } from '../soql.js';
import { MAX_SEEN, Overlap } from './overlap.js';
import { queryPages } from './query.js';

/** One object's place in an incremental read: the newest SystemModstamp committed, never past a run start. */
export const ObjectCheckpoint = z.strictObject({
  systemModstamp: UtcTimestamp.nullable(),
  /** Ids committed inside the lookback window before `systemModstamp` (see overlap.ts). */
  seen: z.array(z.string()).max(MAX_SEEN).optional(),
  /** A Bulk API 2.0 backfill in progress: its job, the next results locator, and the window's end. */
  bulk: z.strictObject({ jobId: z.string(), locator: z.string().nullable(), upTo: UtcTimestamp }).optional(),
});
export type ObjectCheckpoint = z.infer<typeof ObjectCheckpoint>;

export interface ReadEnv {
  client: SalesforceClient;
  connection: SalesforceConnection;
  log: Logger;
  /** The upper bound of every window this run reads (the run's start). */
  runStart: Date;
  startFrom: Date | null;
}

export interface ObjectSpec<Raw, Out> {
  object: string;
  fields: readonly string[];
  schema: z.ZodType<Raw>;
  /** queryAll: the object has IsDeleted and deleted rows should become deletes. */
  scanAll: boolean;
  /** Extra conditions ANDed to the window. */
  where?: SoqlFragment;
  /** The domain record, or why this record cannot become one (it is quarantined). */
  map(raw: Raw, record: Record<string, unknown>): Out | string;
}

export interface Batch<Out> {
  records: Out[];
  deleted: string[];
  quarantined: QuarantineEntry[];
  checkpoint: ObjectCheckpoint;
  remaining?: number;
}

/** `[checkpoint − lookback, runStart)`, or from the job's startFrom on a first run. */
export function windowOf(env: ReadEnv, checkpoint: ObjectCheckpoint | null): { from: Date; to: Date } {
  const lookbackMs = env.connection.lookbackMinutes * 60_000;
  const since = checkpoint?.systemModstamp ?? null;
  const from = since === null ? (env.startFrom ?? new Date(0)) : new Date(Date.parse(since) - lookbackMs);
  return { from, to: env.runStart };
}

/**
 * Inclusive lower bound (idempotent upserts absorb the overlap), exclusive upper bound at the run
 * start. `select` is the field list, or `COUNT()`; bulk jobs need no order.
 */
export function windowQuery(
  spec: ObjectSpec<unknown, unknown>,
  window: { from: Date; to: Date },
  shape: 'ordered' | 'unordered' | 'count',
): SoqlFragment {
  const select = shape === 'count' ? soql`COUNT()` : soqlIdentifiers(spec.fields);
  const extra = spec.where === undefined ? soql`` : soql` AND ${spec.where}`;
  const order = shape === 'ordered' ? soql` ORDER BY SystemModstamp, Id` : soql``;
  return soql`SELECT ${select} FROM ${soqlIdentifiers([spec.object])} WHERE SystemModstamp >= ${window.from} AND SystemModstamp < ${window.to}${extra}${order}`;
}

/**
 * Reads one object incrementally on SystemModstamp, a page at a time, each page carrying the
 * checkpoint to commit with it. After each page the org's API usage is checked (the runner has
 * committed the page by the time the generator resumes).
 */
export async function* readObject<Raw, Out>(
  env: ReadEnv,
  spec: ObjectSpec<Raw, Out>,
  checkpoint: ObjectCheckpoint | null,
): AsyncGenerator<Batch<Out>> {
  const generic = spec as ObjectSpec<unknown, unknown>;
  const window = windowOf(env, checkpoint);
  if (checkpoint?.bulk !== undefined || (await shouldUseBulk(env, generic, window, checkpoint))) {
    yield* readBulk(env, spec, window, checkpoint);
    return;
  }
  let highWater = checkpoint?.systemModstamp ?? null;
  let read = 0;
  const overlap = new Overlap(checkpoint, env.connection.lookbackMinutes * 60_000);
  const query = windowQuery(generic, window, 'ordered');
  const { quotaThresholdPercent } = env.connection;
  const options = {
    scanAll: spec.scanAll,
    batchSize: env.connection.batchSize,
    prefetch: () => !overQuota(env.client, quotaThresholdPercent),
  };
  for await (const page of queryPages(env.client, query, options)) {
    const batch = classify(spec, page.records, highWater, overlap);
    highWater = batch.checkpoint.systemModstamp;
    read += page.records.length;
    yield { ...batch, remaining: Math.max(0, page.totalSize - read) };
    assertQuota(env.client, env.connection.quotaThresholdPercent);
  }
}

/** Splits raw rows into deletes, valid domain records and quarantined records; tracks the high-water mark. */
export function classify<Raw, Out>(
  spec: ObjectSpec<Raw, Out>,
  rows: readonly unknown[],
  previous: string | null,
  overlap?: Overlap,
): Batch<Out> {
  const batch: Batch<Out> = {
    records: [],
    deleted: [],
    quarantined: [],
    checkpoint: { systemModstamp: previous },
  };
  let highWater = previous;
  for (const row of rows) {
    const record = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    const id = typeof record.Id === 'string' ? record.Id : null;
    const stamp = typeof record.SystemModstamp === 'string' ? toUtcTimestamp(record.SystemModstamp) : null;
    if (overlap?.skip(id, stamp)) continue;
    overlap?.track(id, stamp);
    if (stamp !== null && (highWater === null || stamp > highWater)) highWater = stamp;
    if (record.IsDeleted === true && id !== null) {
      batch.deleted.push(id);
      continue;
    }
    const parsed = spec.schema.safeParse(record);
    const mapped = parsed.success ? spec.map(parsed.data, record) : describeIssues(parsed.error);
    if (typeof mapped === 'string') {
      batch.quarantined.push({
        externalId: id,
        reason: `${spec.object} ${id ?? '(no Id)'}: ${mapped}`,
        raw: row,
      });
    } else {
      batch.records.push(mapped);
    }
  }
  batch.checkpoint =
    overlap === undefined
      ? { systemModstamp: highWater }
      : { systemModstamp: highWater, seen: overlap.seen(highWater) };
  return batch;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}
