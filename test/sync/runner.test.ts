import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { buildSourceLog } from '../helpers/source-log.js';
import { testConnector } from '../helpers/test-connector.js';

const kinds = await storeKinds();
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

async function allTickets(store: Store) {
  const tickets = [];
  for await (const t of store.tickets.iterate()) tickets.push(t);
  return tickets;
}

describe.each(kinds)('sync runner on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-runner-'));
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(async () => dispose());

  function setup(jobId: string, size: number, extra: Record<string, unknown> = {}) {
    const source = buildSourceLog(`src-${jobId}`, size, size);
    const sourceFile = join(dir, `${jobId}.json`);
    writeFileSync(sourceFile, JSON.stringify(source.log));
    const job = { id: jobId, connection: `src-${jobId}`, streams: ['tickets', 'people'], enabled: true };
    const connection = {
      id: `src-${jobId}`,
      kind: 'test',
      sourceFile,
      pageSize: 10,
      pageDelayMs: 0,
      ...extra,
    };
    return { source, job, connection };
  }

  it('imports every page, masks card numbers, quarantines bad records and records the run', async () => {
    const { source, job, connection } = setup('happy', 120);
    const pages: number[] = [];
    const result = await runJob({
      job,
      connection,
      connector: testConnector,
      store,
      log: silent,
      observer: { onPage: (e) => pages.push(e.total.pages) },
    });
    expect(result.status).toBe('succeeded');
    expect(result.streams.tickets?.quarantined).toBe(source.malformed);
    expect(await allTickets(store)).toStrictEqual(source.expectedTickets);
    expect(await store.quarantine.count('happy')).toBe(source.malformed);
    expect((await store.quarantine.list('happy'))[0]?.raw).toMatchObject({ status: 'exploded' });
    expect(pages.length).toBe(12 + Math.ceil(source.people / 10));
    expect(await store.syncRuns.last('happy')).toMatchObject({
      status: 'succeeded',
      quarantined: source.malformed,
    });
  });

  it('a second run reads nothing new and changes nothing', async () => {
    const { job, connection } = setup('again', 40);
    await runJob({ job, connection, connector: testConnector, store, log: silent });
    const before = await allTickets(store);
    const second = await runJob({ job, connection, connector: testConnector, store, log: silent });
    expect(second.counts).toEqual({ upserted: 0, deleted: 0, quarantined: 0, pages: 0 });
    expect(await allTickets(store)).toStrictEqual(before);
  });

  it('keeps the pages committed before a CRM failure and resumes after them', async () => {
    const { source, job, connection } = setup('resume', 100, { failAfterPages: 3 });
    const failed = await runJob({ job, connection, connector: testConnector, store, log: silent });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/503 Service Unavailable/);
    expect(await store.syncState.get('resume', 'tickets')).toEqual({ offset: 30 });
    expect(await store.syncRuns.last('resume')).toMatchObject({ status: 'failed', pages: 3 });
    const ok = await runJob({
      job,
      connection: { ...connection, failAfterPages: 1000 },
      connector: testConnector,
      store,
      log: silent,
    });
    expect(ok.status).toBe('succeeded');
    expect(ok.streams.tickets?.pages).toBe(7);
    const tickets = (await allTickets(store)).filter((t) => t.source === 'src-resume');
    expect(tickets).toStrictEqual(source.expectedTickets);
  });

  it('a full run starts over from the beginning', async () => {
    const { job, connection } = setup('full', 30);
    await runJob({ job, connection, connector: testConnector, store, log: silent });
    const full = await runJob({ job, connection, connector: testConnector, store, log: silent, full: true });
    expect(full.streams.tickets?.pages).toBe(3);
    expect((await store.syncRuns.last('full'))?.trigger).toBe('full');
  });

  it('refuses a checkpoint it cannot resume from, telling the admin to reset the job', async () => {
    const { job, connection } = setup('badckpt', 10);
    await store.syncState.set('badckpt', 'tickets', { cursor: 'from-an-old-version' });
    const result = await runJob({ job, connection, connector: testConnector, store, log: silent });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /not one this version can resume from — reset it: casebridge jobs reset badckpt --stream tickets/,
    );
  });

  it('marks a run left running by a dead process as interrupted', async () => {
    const { job, connection } = setup('dead', 10);
    await store.syncRuns.start('dead', 'schedule');
    await runJob({ job, connection, connector: testConnector, store, log: silent });
    const history = await store.syncRuns.history('dead');
    expect(history.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
  });
});
