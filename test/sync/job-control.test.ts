import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { failureOf } from '../helpers/errors.js';
import { buildSourceLog } from '../helpers/source-log.js';
import { testConnector } from '../helpers/test-connector.js';

const kinds = await storeKinds();
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

describe.each(kinds)('job control on %s', (kind) => {
  let store: Store;
  let url: string;
  let dispose: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-control-'));
  beforeAll(async () => {
    ({ store, url, dispose } = await freshStore(kind));
  });
  afterAll(async () => dispose());

  function setup(jobId: string, extra: Record<string, unknown> = {}) {
    const { log } = buildSourceLog(`src-${jobId}`, 60, 4);
    const sourceFile = join(dir, `${jobId}.json`);
    writeFileSync(sourceFile, JSON.stringify(log));
    return {
      job: {
        id: jobId,
        connection: `src-${jobId}`,
        streams: ['tickets'],
        enabled: true,
        startFrom: '2024-01-01',
      },
      connection: { id: `src-${jobId}`, kind: 'test', sourceFile, pageSize: 10, pageDelayMs: 0, ...extra },
    };
  }

  it('does not run a paused job, and runs it again once resumed', async () => {
    const { job, connection } = setup('paused');
    await store.jobControls.set('paused', true, 'cli:ana', 'CRM maintenance');
    expect(await failureOf(runJob({ job, connection, connector: testConnector, store, log: silent }))).toBe(
      'job paused is paused (CRM maintenance) — resume it: casebridge jobs resume paused',
    );
    expect(await store.syncRuns.last('paused')).toBeNull();
    await store.jobControls.set('paused', false, 'cli:ana', null);
    expect((await runJob({ job, connection, connector: testConnector, store, log: silent })).status).toBe(
      'succeeded',
    );
  });

  it('starts a reset stream from the chosen date, once', async () => {
    const { job, connection } = setup('restart');
    const seen: (Date | null)[] = [];
    const spy = {
      ...testConnector,
      streams: testConnector.streams.map((s) => ({
        ...s,
        read: (ctx: Parameters<typeof s.read>[0]) => {
          seen.push(ctx.startFrom);
          return s.read(ctx);
        },
      })),
    };
    await store.jobControls.restartStreamFrom('restart', 'tickets', '2025-06-01T00:00:00.000Z');
    await runJob({ job, connection, connector: spy, store, log: silent });
    await store.syncState.clear('restart');
    await runJob({ job, connection, connector: spy, store, log: silent });
    expect(seen.map((d) => d?.toISOString())).toEqual([
      '2025-06-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
    ]);
  });

  it('never runs the same job twice at once in one process', async () => {
    const { job, connection } = setup('twice', { pageDelayMs: 20 });
    const first = runJob({ job, connection, connector: testConnector, store, log: silent });
    expect(
      await failureOf(runJob({ job, connection, connector: testConnector, store, log: silent })),
    ).toMatch(/twice is already running/);
    expect((await first).status).toBe('succeeded');
  });

  it('refuses to run a job another process holds the lock of', async () => {
    const { job, connection } = setup('elsewhere');
    if (kind === 'postgres') {
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query("select pg_advisory_lock(hashtext('casebridge-job:elsewhere'))");
      expect(
        await failureOf(runJob({ job, connection, connector: testConnector, store, log: silent })),
      ).toMatch(/already running in another casebridge process/);
      await other.end();
    } else {
      await sql`insert into job_locks (job_id, owner, heartbeat_at) values ('elsewhere', ${`${(await import('node:os')).hostname()}:${process.pid}:other`}, ${new Date().toISOString()})`.execute(
        store.db,
      );
      expect(
        await failureOf(runJob({ job, connection, connector: testConnector, store, log: silent })),
      ).toMatch(/already running in another casebridge process/);
      await sql`delete from job_locks where job_id = 'elsewhere'`.execute(store.db);
    }
    expect((await runJob({ job, connection, connector: testConnector, store, log: silent })).status).toBe(
      'succeeded',
    );
  });
});

describe('SQLite run locks', () => {
  it('are taken over when the process holding them is gone (no waiting for the heartbeat to go stale)', async () => {
    const { store, dispose } = await freshStore('sqlite');
    try {
      const dir = mkdtempSync(join(tmpdir(), 'casebridge-orphan-'));
      writeFileSync(join(dir, 's.json'), JSON.stringify(buildSourceLog('src-orphan', 20, 2).log));
      const job = { id: 'orphan', connection: 'src-orphan', streams: ['tickets'], enabled: true };
      const connection = {
        id: 'src-orphan',
        kind: 'test',
        sourceFile: join(dir, 's.json'),
        pageSize: 10,
        pageDelayMs: 0,
      };
      const host = (await import('node:os')).hostname();
      await sql`insert into job_locks (job_id, owner, heartbeat_at) values ('orphan', ${`${host}:999999:dead`}, ${new Date().toISOString()})`.execute(
        store.db,
      );
      expect((await runJob({ job, connection, connector: testConnector, store, log: silent })).status).toBe(
        'succeeded',
      );
    } finally {
      await dispose();
    }
  });
});
