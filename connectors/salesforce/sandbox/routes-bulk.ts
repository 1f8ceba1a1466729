import { csvField } from '../csv.js';
import { sfDateTime, sfId } from './ids.js';
import { executeQuery, SandboxApiError } from './query-exec.js';
import type { Route, RouteContext } from './routes-rest.js';
import { fieldValue, parseSoql } from './soql-engine.js';
import type { BulkJob } from './state.js';

/** Bulk API 2.0 query jobs: create, poll, and CSV results paged by `Sforce-Locator`. */

const V = '/services/data/v(\\d+\\.\\d)';
const locatorOf = (offset: number) => Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
const offsetOf = (locator: string) => Number(Buffer.from(locator, 'base64').toString('utf8'));

function jobInfo(ctx: RouteContext, job: BulkJob) {
  return {
    id: job.id,
    operation: job.operation,
    object: parseSoql(job.query).from,
    createdDate: sfDateTime(ctx.state.now()),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(ctx.state.apiVersion),
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
    numberRecordsProcessed: job.state === 'JobComplete' ? job.totalSize : 0,
  };
}

function findJob(ctx: RouteContext): BulkJob {
  const job = ctx.state.jobs.get(ctx.params[1] ?? '');
  if (job === undefined) throw new SandboxApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return job;
}

function results(ctx: RouteContext, job: BulkJob) {
  const query = parseSoql(job.query);
  const fields = query.select === 'count' ? [] : query.select;
  const locator = ctx.url.searchParams.get('locator');
  const maxRecords = Number(ctx.url.searchParams.get('maxRecords') ?? 50_000);
  if (job.cursor === null || (locator ?? null) !== job.nextLocator) {
    // A resumed or repeated page: run the query again and skip to the locator's offset.
    const run = executeQuery(ctx.state.dataset, job.query, job.operation === 'queryAll');
    job.cursor = { records: run.records, remaining: run.totalSize, offset: 0 };
    const skip = locator === null ? 0 : offsetOf(locator);
    while (job.cursor.offset < skip && !job.cursor.records.next().done) job.cursor.offset++;
  }
  const lines = [fields.join(',')];
  let count = 0;
  while (count < maxRecords) {
    const next = job.cursor.records.next();
    if (next.done) break;
    const row = next.value;
    lines.push(fields.map((f) => csvValue(fieldValue(row, f))).join(','));
    count++;
  }
  job.cursor.offset += count;
  const done = job.cursor.offset >= job.totalSize;
  job.nextLocator = done ? null : locatorOf(job.cursor.offset);
  ctx.res.writeHead(200, {
    'content-type': 'text/csv',
    'sforce-locator': job.nextLocator ?? 'null',
    'sforce-numberofrecords': String(count),
    ...ctx.headers,
  });
  ctx.res.end(`${lines.join('\n')}\n`);
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return csvField(typeof value === 'string' ? value : String(value));
}

export const bulkRoutes: Route[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^${V}/jobs/query/?$`),
    handle(ctx) {
      const body = JSON.parse(ctx.body) as { operation?: string; query?: string };
      if (body.operation !== 'query' && body.operation !== 'queryAll') {
        throw new SandboxApiError(400, 'INVALIDJOB', 'operation must be query or queryAll');
      }
      const query = body.query ?? '';
      const run = executeQuery(ctx.state.dataset, query, body.operation === 'queryAll');
      const job: BulkJob = {
        id: sfId('Job', ctx.state.counter++),
        query,
        operation: body.operation,
        state: 'UploadComplete',
        polls: 0,
        cursor: null,
        nextLocator: null,
        totalSize: run.totalSize,
      };
      ctx.state.jobs.set(job.id, job);
      ctx.res.statusCode = 200;
      ctx.res.setHeader('content-type', 'application/json');
      for (const [k, v] of Object.entries(ctx.headers)) ctx.res.setHeader(k, v);
      ctx.res.end(JSON.stringify(jobInfo(ctx, job)));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/jobs/query/(\\w+)/?$`),
    handle(ctx) {
      const job = findJob(ctx);
      job.polls += 1;
      job.state = job.polls > ctx.state.bulkPollsBeforeComplete ? 'JobComplete' : 'InProgress';
      ctx.res.writeHead(200, { 'content-type': 'application/json', ...ctx.headers });
      ctx.res.end(JSON.stringify(jobInfo(ctx, job)));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/jobs/query/(\\w+)/results/?$`),
    handle(ctx) {
      const job = findJob(ctx);
      if (job.state !== 'JobComplete')
        throw new SandboxApiError(400, 'INVALIDJOBSTATE', 'the job is not complete');
      results(ctx, job);
    },
  },
];
