import { Counter, Histogram, type Registry } from 'prom-client';
import type { SyncObserver } from './runner.js';

/** Prometheus metrics of sync runs, fed by the runner's observer hooks. */
export function createSyncMetrics(registry: Registry): SyncObserver {
  const runs = new Counter({
    name: 'casebridge_sync_runs_total',
    help: 'Sync runs by job and outcome',
    labelNames: ['job', 'status'],
    registers: [registry],
  });
  const records = new Counter({
    name: 'casebridge_sync_records_total',
    help: 'Records written by sync, by job, stream and kind (upserted, deleted, quarantined)',
    labelNames: ['job', 'stream', 'kind'],
    registers: [registry],
  });
  const pages = new Counter({
    name: 'casebridge_sync_pages_total',
    help: 'Pages committed by sync',
    labelNames: ['job', 'stream'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'casebridge_sync_run_duration_seconds',
    help: 'Duration of sync runs',
    labelNames: ['job'],
    buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'casebridge_sync_errors_total',
    help: 'Failed sync runs by job',
    labelNames: ['job'],
    registers: [registry],
  });
  return {
    onPage({ jobId, stream, page }) {
      pages.inc({ job: jobId, stream });
      records.inc({ job: jobId, stream, kind: 'upserted' }, page.upserted);
      records.inc({ job: jobId, stream, kind: 'deleted' }, page.deleted);
      records.inc({ job: jobId, stream, kind: 'quarantined' }, page.quarantined);
    },
    onRunEnd({ jobId, result }) {
      runs.inc({ job: jobId, status: result.status });
      duration.observe({ job: jobId }, result.durationMs / 1000);
      if (result.status === 'failed') errors.inc({ job: jobId });
    },
  };
}

/** Calls every observer's hooks in turn. */
export function combineObservers(...observers: (SyncObserver | undefined)[]): SyncObserver {
  const present = observers.filter((o): o is SyncObserver => o !== undefined);
  return {
    onStreamStart: (e) => {
      for (const o of present) o.onStreamStart?.(e);
    },
    onPage: (e) => {
      for (const o of present) o.onPage?.(e);
    },
    onStreamEnd: (e) => {
      for (const o of present) o.onStreamEnd?.(e);
    },
    onRunEnd: (e) => {
      for (const o of present) o.onRunEnd?.(e);
    },
  };
}
