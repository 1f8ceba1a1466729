import type { JobConfig } from '../config/schema.js';
import type { Ticket } from '../domain/index.js';
import { CasebridgeError, errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { refreshAfterKnowledgeImport } from '../services/sop/import.js';
import type { Repositories, RunCounts, Store } from '../store/index.js';
import { applyPage } from './apply-page.js';
import type { ConnectorDefinition, Page, StreamDefinition } from './contract.js';
import { withRunLock } from './run-lock.js';
import { withSyncContext } from './sync-context.js';

export type RunTrigger = 'manual' | 'schedule' | 'retry' | 'webhook' | 'full' | 'queue';

/** Hooks for progress bars and metrics; every one is optional. */
export interface SyncObserver {
  onStreamStart?(event: { jobId: string; stream: string }): void;
  onPage?(event: {
    jobId: string;
    stream: string;
    page: RunCounts;
    total: RunCounts;
    remaining: number | undefined;
  }): void;
  onStreamEnd?(event: { jobId: string; stream: string; total: RunCounts; durationMs: number }): void;
  onRunEnd?(event: { jobId: string; result: RunResult }): void;
}

export interface RunJobOptions {
  job: JobConfig;
  connection: { id: string } & Record<string, unknown>;
  connector: ConnectorDefinition<never>;
  store: Store;
  log: Logger;
  trigger?: RunTrigger;
  /** Start every stream from the job's `startFrom`, ignoring checkpoints (a backfill). */
  full?: boolean;
  signal?: AbortSignal;
  observer?: SyncObserver;
  now?: () => Date;
  /**
   * Runs inside each page's transaction after the page is written, with the ids of the tickets it
   * touched (the SLA/escalation engine recomputes them there, so nothing lags behind a crash).
   */
  afterPage?(tx: Repositories, ticketIds: string[], pageTickets: readonly Ticket[]): Promise<void>;
}

export interface RunResult {
  runId: number;
  jobId: string;
  /** `paused`: the connector stopped the run on purpose (e.g. the CRM's API quota); pages read are kept. */
  status: 'succeeded' | 'failed' | 'paused';
  counts: RunCounts;
  streams: Record<string, RunCounts>;
  durationMs: number;
  error: string | null;
  /** The failure's code (`http.unauthorized`, `sync.checkpoint`, ...), for deciding whether to retry. */
  errorCode: string | null;
}

const zero = (): RunCounts => ({ upserted: 0, deleted: 0, quarantined: 0, pages: 0 });
const add = (a: RunCounts, b: RunCounts): RunCounts => ({
  upserted: a.upserted + b.upserted,
  deleted: a.deleted + b.deleted,
  quarantined: a.quarantined + b.quarantined,
  pages: a.pages + b.pages,
});

/** Jobs running in this process (a fast check before the cross-process lock). */
const running = new Set<string>();

/**
 * Runs one job: each of its streams in order, from its last committed checkpoint, committing every
 * page with its checkpoint in one transaction. The run (start, end, counts, error) is recorded.
 * A failing stream fails the run; the pages it committed stay committed. A paused job does not
 * run, and a job never runs twice at once, in this process or another (`withRunLock`).
 */
export async function runJob(options: RunJobOptions): Promise<RunResult> {
  const { job, store } = options;
  if (running.has(job.id)) {
    throw new CasebridgeError('sync.busy', `job ${job.id} is already running`, {
      hint: 'wait for it to finish',
    });
  }
  // Taken before the first await, so two calls in the same tick cannot both pass the check above.
  running.add(job.id);
  try {
    const control = await store.jobControls.get(job.id);
    if (control?.paused) {
      const why = control.reason === null ? '' : ` (${control.reason})`;
      throw new CasebridgeError('sync.paused', `job ${job.id} is paused${why}`, {
        hint: `resume it: casebridge jobs resume ${job.id}`,
      });
    }
    return await withRunLock(store, job.id, () => runLocked(options));
  } finally {
    running.delete(job.id);
  }
}

async function runLocked(options: RunJobOptions): Promise<RunResult> {
  const { job, store } = options;
  const started = Date.now();
  const log = options.log.child({ job: job.id });
  await store.syncRuns.markInterrupted(job.id);
  const runId = await store.syncRuns.start(job.id, options.trigger ?? (options.full ? 'full' : 'manual'));
  const streams: Record<string, RunCounts> = {};
  let failure: unknown = null;
  try {
    if (options.full) {
      await store.syncState.clear(job.id);
      await store.jobControls.clearStreamStart(job.id);
    }
    for (const name of job.streams) {
      const streamLog = log.child({ run: runId, stream: name });
      streams[name] = await withSyncContext({ jobId: job.id, stream: name }, () =>
        runStream(options, runId, name, streamLog),
      );
    }
  } catch (caught) {
    failure = caught;
  }
  const error = failure === null ? null : errorMessage(failure);
  if (failure instanceof CasebridgeError && failure.code === 'sync.paused')
    log.warn({ run: runId }, `sync of ${job.id} stopped: ${error}`);
  else if (failure !== null) log.error({ run: runId, err: failure }, `sync of ${job.id} failed: ${error}`);
  const stoppedOnPurpose = failure instanceof CasebridgeError && failure.code === 'sync.paused';
  const status = failure === null ? 'succeeded' : stoppedOnPurpose ? 'paused' : 'failed';
  await store.syncRuns.finish(runId, status, error);
  // A run can change table sizes a lot; stale statistics make SQLite pick slow plans for the surfaces.
  await store
    .optimize()
    .catch((e: unknown) => log.warn(`could not refresh planner statistics: ${errorMessage(e)}`));
  const result: RunResult = {
    runId,
    jobId: job.id,
    status,
    counts: Object.values(streams).reduce(add, zero()),
    streams,
    durationMs: Date.now() - started,
    error,
    errorCode: failure instanceof CasebridgeError ? failure.code : null,
  };
  options.observer?.onRunEnd?.({ jobId: job.id, result });
  return result;
}

async function runStream(
  options: RunJobOptions,
  runId: number,
  name: string,
  log: Logger,
): Promise<RunCounts> {
  const { job, connection, connector, store, observer } = options;
  const stream = (connector.streams as readonly StreamDefinition<unknown, unknown>[]).find(
    (s) => s.name === name,
  );
  if (stream === undefined) {
    throw new CasebridgeError('sync.stream', `${connector.kind} has no stream "${name}"`, {
      hint: `fix jobs.${job.id}.streams`,
    });
  }
  const started = Date.now();
  observer?.onStreamStart?.({ jobId: job.id, stream: name });
  const checkpoint = await loadCheckpoint(store, job.id, stream);
  const restartFrom = checkpoint === null ? await store.jobControls.streamStart(job.id, name) : null;
  const startFrom = restartFrom ?? job.startFrom;
  const target = { jobId: job.id, stream: name, source: connection.id, runId };
  let total = zero();
  let knowledge = false;
  const pages = stream.read({
    connection,
    source: connection.id,
    checkpoint,
    startFrom: startFrom === undefined ? null : new Date(startFrom),
    signal: options.signal ?? new AbortController().signal,
    log,
    now: options.now ?? (() => new Date()),
    state: {
      get: (key) => store.connectorState.get(connection.id, key),
      set: (key, value) => store.connectorState.set(connection.id, key, value),
    },
  });
  for await (const page of pages) {
    const counts = await store.transaction(async (tx) => {
      const written = await applyPage(tx, target, page);
      if (options.afterPage)
        await options.afterPage(tx, touchedTickets(page, connection.id), page.records.tickets ?? []);
      return written;
    });
    total = add(total, counts);
    knowledge ||= page.knowledge !== undefined && counts.upserted + counts.deleted > 0;
    log.debug({ ...counts, remaining: page.remaining }, 'page committed');
    observer?.onPage?.({ jobId: job.id, stream: name, page: counts, total, remaining: page.remaining });
  }
  if (restartFrom !== null) await store.jobControls.clearStreamStart(job.id, name);
  if (restartFrom !== null) await store.jobControls.clearStreamStart(job.id, name);
  // Imported knowledge articles changed the SOP index: search statistics catch up now.
  if (knowledge) await refreshAfterKnowledgeImport(store);
  observer?.onStreamEnd?.({ jobId: job.id, stream: name, total, durationMs: Date.now() - started });
  return total;
}

/** Tickets a page changed: its tickets, deleted tickets, and the tickets of its comments and SLA targets. */
function touchedTickets(page: Page<unknown>, source: string): string[] {
  const ids = new Set<string>();
  for (const t of page.records.tickets ?? []) ids.add(t.id);
  for (const c of page.records.comments ?? []) ids.add(c.ticketId);
  for (const s of page.records.sla ?? []) ids.add(s.ticketId);
  for (const externalId of page.deletes?.tickets ?? []) ids.add(`${source}:${externalId}`);
  return [...ids];
}

async function loadCheckpoint(
  store: Store,
  jobId: string,
  stream: StreamDefinition<unknown, unknown>,
): Promise<unknown> {
  const stored = await store.syncState.get(jobId, stream.name);
  if (stored === null) return null;
  const parsed = stream.checkpointSchema.safeParse(stored);
  if (!parsed.success) {
    throw new CasebridgeError(
      'sync.checkpoint',
      `the stored checkpoint of ${jobId}/${stream.name} is not one this version can resume from`,
      {
        hint: `reset it: casebridge jobs reset ${jobId} --stream ${stream.name}`,
      },
    );
  }
  return parsed.data;
}
