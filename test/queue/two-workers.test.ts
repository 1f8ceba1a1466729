import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type RunningZendeskSandbox,
  sandboxConnection,
  startZendeskSandbox,
} from '../../connectors/zendesk/sandbox/index.js';
import { createStore, openDatabase, parseDatabaseUrl, type Store } from '../../shared/store/index.js';
import { openSyncQueue, type SyncQueue } from '../../shared/sync/index.js';
import { startCli } from '../helpers/cli.js';
import { freshDatabaseUrl, storeKinds } from '../helpers/databases.js';
import { expectedStore } from '../zendesk/expected.js';
import { dump, silentLog } from '../zendesk/helpers.js';

const kinds = await storeKinds();
type Worker = Awaited<ReturnType<typeof startCli>>;

/**
 * Issue 5's scale-out proof: two `casebridge worker` processes on one PostgreSQL database take
 * queued runs; each runs exactly once, and a worker SIGKILLed mid-run leaves the other to finish
 * the job from its last committed checkpoint, with the store equal to the CRM.
 */
describe.runIf(kinds.includes('postgres'))('two workers sharing one PostgreSQL queue', () => {
  let sandbox: RunningZendeskSandbox;
  let database: { url: string; drop: () => Promise<void> };
  let store: Store;
  let queue: SyncQueue;
  const workers: Worker[] = [];
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-workers-'));
  const settings = { expireAfter: '6s', maintenanceInterval: '1s' };

  beforeAll(async () => {
    // Every answer takes 250 ms, so a run of the tickets stream spans several seconds of pages.
    sandbox = await startZendeskSandbox({ size: 6000, seed: 5, faults: { slowEvery: 1, slowMs: 250 } });
    database = await freshDatabaseUrl('postgres');
    const connection = {
      id: 'zendesk-main',
      kind: 'zendesk',
      ...sandboxConnection(sandbox.url),
      exportRequestsPerMinute: null,
      requestsPerMinute: 100_000,
    };
    const job = (id: string, streams: string[]) => ({
      id,
      connection: 'zendesk-main',
      streams,
      every: '1d',
      startFrom: '2020-01-01',
    });
    const config = {
      database: database.url,
      connections: [connection],
      jobs: [job('zd-people', ['people']), job('zd-orgs', ['organizations']), job('zd-tickets', ['tickets'])],
      scheduler: { retryAttempts: 3, retryBackoff: '1s', unhealthyAfter: 3 },
      queue: settings,
    };
    writeFileSync(join(cwd, 'casebridge.yaml'), stringify(config));
    for (let i = 0; i < 2; i++) workers.push(await startCli(['worker'], { cwd, ready: /taking sync runs/ }));
    const opened = await openDatabase(parseDatabaseUrl(database.url));
    store = createStore(opened);
    queue = await openSyncQueue({
      databaseUrl: database.url,
      log: silentLog,
      expireAfterMs: 6000,
      maintenanceIntervalMs: 1000,
      retryAttempts: 3,
      retryBackoffMs: 1000,
    });
  }, 90_000);

  afterAll(async () => {
    for (const worker of workers) worker.proc.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await queue?.stop();
    await store?.close();
    await database?.drop();
    await sandbox?.close();
  }, 90_000);

  const succeeded = async (jobId: string) =>
    (await store.syncRuns.history(jobId, 50)).filter((r) => r.status === 'succeeded').length;

  it('runs every queued run exactly once', { timeout: 90_000 }, async () => {
    await queue.enqueue({ jobId: 'zd-people', trigger: 'schedule' });
    await queue.enqueue({ jobId: 'zd-orgs', trigger: 'schedule' });
    await expect
      .poll(async () => [await succeeded('zd-people'), await succeeded('zd-orgs')], {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual([1, 1]);
    await queue.enqueue({ jobId: 'zd-people', trigger: 'schedule' });
    await expect.poll(() => succeeded('zd-people'), { timeout: 60_000, interval: 500 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await store.syncRuns.history('zd-people', 50)).map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect((await store.syncRuns.history('zd-orgs', 50)).map((r) => r.status)).toEqual(['succeeded']);
  });

  it('finishes a run from its last checkpoint on the other worker when one is killed mid-run', {
    timeout: 120_000,
  }, async () => {
    await queue.enqueue({ jobId: 'zd-tickets', trigger: 'schedule' });
    let runner: Worker | undefined;
    await expect
      .poll(
        async () => {
          runner = workers.find((w) => /took a run of zd-tickets/.test(w.output()));
          return runner !== undefined && ((await store.syncRuns.last('zd-tickets'))?.pages ?? 0) >= 2;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
    runner?.proc.kill('SIGKILL');
    await runner?.exited;
    const committed = (await store.syncState.get('zd-tickets', 'tickets')) as {
      after_cursor?: string;
    } | null;
    expect(committed?.after_cursor).toBeTruthy();
    await expect.poll(() => succeeded('zd-tickets'), { timeout: 90_000, interval: 500 }).toBe(1);
    const other = workers.find((w) => w !== runner);
    expect(other?.output()).toMatch(/took a run of zd-tickets/);
    const runs = await store.syncRuns.history('zd-tickets', 50);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(1);
    expect(runs.filter((r) => r.status === 'running')).toHaveLength(0);
    expect(runs.at(-1)?.status).toBe('interrupted');
    const stored = await dump(store);
    expect(stored.tickets).toStrictEqual(
      expectedStore(sandbox.data, 'zendesk-main', 'casebridge-sandbox').store.tickets,
    );
  });
});
