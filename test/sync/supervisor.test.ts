import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobConfig } from '../../shared/config/index.js';
import { CasebridgeError } from '../../shared/errors.js';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import {
  createSupervisor,
  defineConnector,
  jobHealth,
  runJob,
  startScheduler,
} from '../../shared/sync/index.js';
import { freshStore } from '../helpers/databases.js';

const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

/** A CRM that fails the way the test says, a given number of times, then works. */
function flakyConnector(failures: { count: number; error: () => Error }) {
  let calls = 0;
  return defineConnector<{ id: string }>({
    kind: 'flaky',
    configSchema: z.strictObject({}),
    streams: [
      {
        name: 'tickets',
        checkpointSchema: z.object({ done: z.boolean() }),
        async *read() {
          calls += 1;
          if (calls <= failures.count) throw failures.error();
          yield { records: {}, checkpoint: { done: true } };
        },
      },
    ],
  });
}

describe('supervisor and scheduler', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterAll(async () => dispose());

  const jobOf = (id: string, every = '1h'): JobConfig => ({
    id,
    connection: 'flaky',
    streams: ['tickets'],
    enabled: true,
    every,
  });
  const supervisorFor = (connector: ReturnType<typeof flakyConnector>, events: string[]) =>
    createSupervisor({
      store,
      log: silent,
      policy: { retryAttempts: 3, retryBackoffMs: 10, unhealthyAfter: 2 },
      run: (job, trigger) =>
        runJob({ job, connection: { id: 'flaky' }, connector, store, log: silent, trigger }),
      onUnhealthy: (job, failures) => events.push(`unhealthy ${job.id} after ${failures}`),
      onRecovered: (job) => events.push(`recovered ${job.id}`),
    });

  it('retries a failed run with backoff until it succeeds, alerting once when it turns unhealthy', async () => {
    const events: string[] = [];
    const supervisor = supervisorFor(
      flakyConnector({ count: 3, error: () => new Error('502 Bad Gateway') }),
      events,
    );
    const scheduler = startScheduler({
      jobs: [jobOf('flaky-5xx')],
      supervisor,
      retryAttempts: 3,
      log: silent,
    });
    await expect
      .poll(async () => (await store.syncRuns.last('flaky-5xx'))?.status, { timeout: 5000 })
      .toBe('succeeded');
    await scheduler.stop();
    const runs = await store.syncRuns.history('flaky-5xx');
    expect(runs.map((r) => `${r.trigger}:${r.status}`)).toEqual([
      'retry:succeeded',
      'retry:failed',
      'retry:failed',
      'schedule:failed',
    ]);
    expect(events).toEqual(['unhealthy flaky-5xx after 2', 'recovered flaky-5xx']);
    expect((await jobHealth(store, jobOf('flaky-5xx'), 2)).status).toBe('healthy');
  });

  it('pauses a job whose credentials are rejected instead of retrying it forever', async () => {
    const events: string[] = [];
    const unauthorized = () =>
      new CasebridgeError('http.unauthorized', 'Zendesk rejected the API token (401)', {
        hint: 'check auth.apiToken',
      });
    const supervisor = supervisorFor(flakyConnector({ count: 100, error: unauthorized }), events);
    const scheduler = startScheduler({
      jobs: [jobOf('bad-token')],
      supervisor,
      retryAttempts: 3,
      log: silent,
    });
    await expect
      .poll(async () => (await store.jobControls.get('bad-token'))?.paused, { timeout: 5000 })
      .toBe(true);
    await scheduler.stop();
    const runs = await store.syncRuns.history('bad-token');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.error).toBe('Zendesk rejected the API token (401) — check auth.apiToken');
    const health = await jobHealth(store, jobOf('bad-token'), 2);
    expect(health.status).toBe('paused');
    expect(health.pausedReason).toBe(
      'needs an admin: Zendesk rejected the API token (401) — check auth.apiToken',
    );
    expect(
      (await store.auditLog.recent(5)).some((e) => e.action === 'jobs.pause' && e.actor === 'casebridge'),
    ).toBe(true);
  });

  it('gives up after the retry budget and reports the job unhealthy', async () => {
    const events: string[] = [];
    const supervisor = supervisorFor(
      flakyConnector({ count: 100, error: () => new Error('ETIMEDOUT') }),
      events,
    );
    const scheduler = startScheduler({ jobs: [jobOf('down')], supervisor, retryAttempts: 2, log: silent });
    await expect.poll(async () => (await store.syncRuns.history('down')).length, { timeout: 5000 }).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduler.stop();
    expect((await store.syncRuns.history('down')).length).toBe(3);
    expect(events).toEqual(['unhealthy down after 2']);
    expect((await jobHealth(store, jobOf('down'), 2)).status).toBe('unhealthy');
  });

  it('records a run the CRM’s API quota stopped as paused: not a failure, not retried, pages kept', async () => {
    const events: string[] = [];
    const quota = () =>
      new CasebridgeError(
        'sync.paused',
        'paused: api quota — the Salesforce org has used 12100 of its 15000 daily API requests',
      );
    const supervisor = supervisorFor(flakyConnector({ count: 100, error: quota }), events);
    const outcome = await supervisor.runOnce(jobOf('quota'), 'schedule');
    expect(outcome).toMatchObject({ retryable: false, result: { status: 'paused' } });
    expect(await store.syncRuns.consecutiveFailures('quota')).toBe(0);
    const health = await jobHealth(store, jobOf('quota'), 2);
    expect(health.status).toBe('paused');
    expect(health.pausedReason).toMatch(/^paused: api quota/);
    expect(await store.jobControls.isPaused('quota')).toBe(false);
    expect(events).toEqual([]);
  });
});
