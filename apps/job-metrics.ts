import { Gauge, type Registry } from 'prom-client';
import type { JobHealth } from '../shared/sync/index.js';

/**
 * Per-job health gauges, read fresh from the store at every scrape: 1/0 unhealthy, consecutive
 * failures, and lag (now minus the newest change synced from the job's connection).
 */
export function registerJobMetrics(registry: Registry, healths: () => Promise<JobHealth[]>): void {
  let latest: Promise<JobHealth[]> | null = null;
  // One store read serves all three gauges of a scrape.
  const read = () => {
    latest ??= healths().finally(() => setTimeout(() => (latest = null), 250));
    return latest;
  };
  new Gauge({
    name: 'casebridge_job_unhealthy',
    help: '1 when a job has failed `scheduler.unhealthyAfter` runs in a row',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      for (const h of await read()) this.set({ job: h.job }, h.status === 'unhealthy' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'casebridge_job_consecutive_failures',
    help: 'Failed runs since the last success',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      for (const h of await read()) this.set({ job: h.job }, h.consecutiveFailures);
    },
  });
  new Gauge({
    name: 'casebridge_sync_lag_seconds',
    help: 'Now minus the newest ticket change synced from the job’s connection',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      for (const h of await read()) if (h.lagSeconds !== null) this.set({ job: h.job }, h.lagSeconds);
    },
  });
}
