import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { parseCsv } from './csv.js';
import { SalesforceApiError } from './errors.js';
import { assertQuota } from './limits.js';
import {
  type Batch,
  classify,
  type ObjectCheckpoint,
  type ObjectSpec,
  type ReadEnv,
  windowQuery,
} from './streams/incremental.js';
import { Overlap } from './streams/overlap.js';
import { countRecords } from './streams/query.js';

/*
 * Bulk API 2.0 query for large backfills, paged by hand.
 *
 * Why not `conn.bulk2.query()`: on jsforce 3.10.16–3.10.18 a result spread over several
 * `Sforce-Locator` pages throws ERR_STREAM_WRITE_AFTER_END from inside its stream plumbing, which
 * crashes the process (jsforce issue #1546). So the job is created, polled and its results fetched
 * here, one locator page per request, each page committed with a checkpoint naming the job and the
 * next locator — a crash resumes mid-job. The requests go through the same client as REST queries
 * (jsforce's HttpApi: auth, refresh, retries), not through shared/http, because shared/http parses
 * every body as JSON and results pages are CSV.
 */

const JobInfo = z.looseObject({
  id: z.string(),
  state: z.enum(['UploadComplete', 'InProgress', 'Aborted', 'JobComplete', 'Failed']),
  errorMessage: z.string().nullable().optional(),
});

const MAX_POLL_MS = 10 * 60_000;

/** Bulk only for a first (or full) read with more records than `bulkThreshold`; one COUNT() decides. */
export async function shouldUseBulk(
  env: ReadEnv,
  spec: ObjectSpec<unknown, unknown>,
  window: { from: Date; to: Date },
  checkpoint: ObjectCheckpoint | null,
): Promise<boolean> {
  const threshold = env.connection.bulkThreshold;
  if (threshold === 0 || checkpoint?.systemModstamp != null) return false;
  const count = await countRecords(env.client, windowQuery(spec, window, 'count'), spec.scanAll);
  const useBulk = count > threshold;
  env.log.info(
    { object: spec.object, count, threshold },
    useBulk
      ? `${count} ${spec.object} records to backfill: using Bulk API 2.0`
      : `${count} ${spec.object} records to read: using the REST query API`,
  );
  return useBulk;
}

export async function* readBulk<Raw, Out>(
  env: ReadEnv,
  spec: ObjectSpec<Raw, Out>,
  window: { from: Date; to: Date },
  checkpoint: ObjectCheckpoint | null,
): AsyncGenerator<Batch<Out>> {
  const previous = checkpoint?.systemModstamp ?? null;
  let job = checkpoint?.bulk ?? (await createJob(env, spec as ObjectSpec<unknown, unknown>, window));
  try {
    await waitForJob(env, job.jobId);
  } catch (error) {
    if (!(error instanceof SalesforceApiError && error.status === 404) || checkpoint?.bulk === undefined)
      throw error;
    env.log.warn(
      { jobId: job.jobId },
      'the bulk job of the interrupted backfill is gone; starting a new one',
    );
    job = await createJob(env, spec as ObjectSpec<unknown, unknown>, window);
    await waitForJob(env, job.jobId);
  }
  const booleans = booleanFields(spec.schema);
  // Bulk rows come unordered: every row near the window's end is remembered for the next run's overlap.
  const overlap = new Overlap(
    checkpoint?.bulk === undefined ? null : checkpoint,
    env.connection.lookbackMinutes * 60_000,
  );
  for (;;) {
    const locator = job.locator === null ? '' : `&locator=${encodeURIComponent(job.locator)}`;
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
    const { body, headers } = await env.client.sendText({
      method: 'GET',
      url: `${env.client.baseUrl}/jobs/query/${job.jobId}/results?maxRecords=${env.connection.batchSize}${locator}`,
      headers: { accept: 'text/csv' },
    });
    const next = headers['sforce-locator'];
    const rows = csvRecords(body, booleans);
    const batch = classify(spec, rows, previous, overlap);
    if (next === undefined || next === '' || next === 'null') {
      // The whole window is read: the checkpoint moves to its end, which is at most the run start.
      yield { ...batch, checkpoint: { systemModstamp: job.upTo, seen: overlap.seen(job.upTo) } };
      return;
    }
    job = { ...job, locator: next };
    yield { ...batch, checkpoint: { systemModstamp: previous, bulk: job } };
    assertQuota(env.client, env.connection.quotaThresholdPercent);
  }
}

async function createJob(env: ReadEnv, spec: ObjectSpec<unknown, unknown>, window: { from: Date; to: Date }) {
  const query = windowQuery(spec, window, 'unordered');
  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
  const created = JobInfo.parse(
    await env.client.send({
      method: 'POST',
      url: `${env.client.baseUrl}/jobs/query`,
      body: { operation: spec.scanAll ? 'queryAll' : 'query', query: query.text },
    }),
  );
  const upTo = new Date(Math.floor(window.to.getTime() / 1000) * 1000).toISOString();
  env.log.info({ object: spec.object, jobId: created.id }, 'Bulk API 2.0 query job created');
  return { jobId: created.id, locator: null, upTo };
}

async function waitForJob(env: ReadEnv, jobId: string): Promise<void> {
  const started = Date.now();
  for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
    const info = JobInfo.parse(
      await env.client.send({ method: 'GET', url: `${env.client.baseUrl}/jobs/query/${jobId}` }),
    );
    if (info.state === 'JobComplete') return;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new SalesforceApiError(
        'BULK_JOB_FAILED',
        `bulk query job ${jobId} ${info.state}: ${info.errorMessage ?? 'no message'}`,
        null,
      );
    }
    if (Date.now() - started > MAX_POLL_MS) {
      throw new SalesforceApiError(
        'BULK_JOB_TIMEOUT',
        `bulk query job ${jobId} still ${info.state} after 10 minutes`,
        null,
      );
    }
    await sleep(delay);
  }
}

function booleanFields(schema: z.ZodType): Set<string> {
  if (!(schema instanceof z.ZodObject)) return new Set();
  return new Set(
    Object.entries(schema.shape)
      .filter(([, field]) => field instanceof z.ZodBoolean)
      .map(([key]) => key),
  );
}

/**
 * CSV rows → the JSON shape the REST API returns: empty fields are null (Bulk API writes nulls as
 * empty), boolean fields become booleans, `A.B` columns become nested objects.
 */
export function csvRecords(text: string, booleans: ReadonlySet<string>): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    const nested = new Map<string, Record<string, unknown>>();
    header.forEach((column, i) => {
      const raw = row[i] ?? '';
      const value = raw === '' ? null : booleans.has(column) ? raw === 'true' : raw;
      const dot = column.indexOf('.');
      if (dot < 0) {
        record[column] = value;
        return;
      }
      const parent = column.slice(0, dot);
      const child = nested.get(parent) ?? {};
      child[column.slice(dot + 1)] = value;
      nested.set(parent, child);
    });
    for (const [parent, child] of nested) {
      record[parent] = Object.values(child).every((v) => v === null) ? null : child;
    }
    return record;
  });
}
