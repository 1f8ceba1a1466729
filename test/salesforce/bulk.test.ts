import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../../connectors/salesforce/bulk.js';
import { parseCsv } from '../../connectors/salesforce/csv.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { expectedComments, expectedPeople, expectedSla, expectedTickets } from './helpers/oracle.js';
import { memoryLogger, sandboxSync } from './helpers/setup.js';

const byId = <T extends { id: string }>(list: T[]) =>
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
async function all<T extends { id: string }>(iterable: AsyncIterable<T>, source: string): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) if (item.id.startsWith(`${source}:`)) out.push(item);
  return byId(out);
}

describe('Bulk API 2.0 CSV', () => {
  it('parses quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('Id,Subject\r\n1,"a, ""b""\nc"\n2,\n')).toEqual([
      ['Id', 'Subject'],
      ['1', 'a, "b"\nc'],
      ['2', ''],
    ]);
    expect(() => parseCsv('Id\n"open')).toThrow(/truncated/);
  });

  it('turns rows into REST-shaped records: nulls, booleans, nested relationship fields', () => {
    const csv = 'Id,IsClosed,Subject,MilestoneType.Name\n5001,true,,First Response\n5002,false,x,\n';
    expect(csvRecords(csv, new Set(['IsClosed']))).toEqual([
      { Id: '5001', IsClosed: true, Subject: null, MilestoneType: { Name: 'First Response' } },
      { Id: '5002', IsClosed: false, Subject: 'x', MilestoneType: null },
    ]);
  });
});

describe('bulk backfill from the sandbox', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterAll(async () => dispose());

  it('backfills above the threshold through Bulk API 2.0 locator pages, storing exactly the org', async () => {
    const source = 'sf-bulk';
    const { sandbox, sync } = await sandboxSync({
      size: 450,
      source,
      config: { bulkThreshold: 100, batchSize: 200 },
    });
    try {
      const { log, lines } = memoryLogger('info');
      const result = await sync(store, { log });
      expect(result.error).toBeNull();
      expect(
        lines().some((l) => String(l.msg).includes('450 Case records to backfill: using Bulk API 2.0')),
      ).toBe(true);
      const results =
        Object.entries(sandbox.stats.byRoute).find(([route]) => route.includes('results'))?.[1] ?? 0;
      expect(results).toBeGreaterThanOrEqual(Math.ceil(450 / 200));
      expect(await all(store.tickets.iterate(), source)).toStrictEqual(
        expectedTickets(sandbox, source, new Set()),
      );
      expect(await all(store.people.iterate(), source)).toStrictEqual(expectedPeople(sandbox, source));
      expect(await all(store.comments.iterate(), source)).toStrictEqual(
        expectedComments(sandbox, source, new Set()),
      );
      expect(await all(store.slaTargets.iterate(), source)).toStrictEqual(expectedSla(sandbox, source));
      // The next run is incremental (REST), and an immediate one changes nothing.
      const again = await sync(store);
      expect(again.counts.upserted).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('resumes an interrupted bulk backfill at its locator', async () => {
    const source = 'sf-bulk-resume';
    const { sandbox, sync } = await sandboxSync({
      size: 700,
      source,
      bulkPollsBeforeComplete: 1,
      config: { bulkThreshold: 100, batchSize: 200, maxRetries: 1 },
    });
    try {
      // After the first committed page, the next results page fails past the retries: the run stops.
      const failing = { type: 'server-error', status: 500, times: 2, match: '/results' } as const;
      const run1 = await sync(store, {
        streams: ['tickets'],
        observer: {
          onPage: () => {
            if (sandbox.faults.pending === 0) sandbox.faults.inject(failing);
          },
        },
      });
      expect(run1.status).toBe('failed');
      const checkpoint = (await store.syncState.get(`${source}-job`, 'tickets')) as {
        bulk?: { locator: string };
      };
      expect(checkpoint.bulk?.locator).toBeTruthy();
      const run2 = await sync(store, { streams: ['tickets'] });
      expect(run2.error).toBeNull();
      expect(await all(store.tickets.iterate(), source)).toStrictEqual(
        expectedTickets(sandbox, source, new Set()),
      );
      expect(await store.syncState.get(`${source}-job`, 'tickets')).toMatchObject({
        systemModstamp: expect.any(String),
      });
    } finally {
      await sandbox.close();
    }
  });
});
