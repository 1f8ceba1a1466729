import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import {
  expectedComments,
  expectedOrganizations,
  expectedPeople,
  expectedSla,
  expectedTickets,
} from './helpers/oracle.js';
import { memoryLogger, sandboxSync } from './helpers/setup.js';

const kinds = await storeKinds();
const byId = <T extends { id: string }>(list: T[]) =>
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function all<T extends { id: string }>(iterable: AsyncIterable<T>, source: string): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) if (item.id.startsWith(`${source}:`)) out.push(item);
  return byId(out);
}

describe.each(kinds)('Salesforce sandbox → %s, end to end with faults', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(async () => dispose());

  it('stores exactly the org, quarantines the malformed records and masks card numbers', async () => {
    const source = 'sf-e2e';
    const { sandbox, sync } = await sandboxSync({
      size: 260,
      malformedEvery: 37,
      source,
      config: { batchSize: 200 },
    });
    try {
      // Small pages so the faults land mid-stream.
      sandbox.faults.inject({ type: 'expire-session' });
      sandbox.faults.inject({ type: 'server-error', status: 503, times: 2, match: '/queryAll/' });
      sandbox.faults.inject({ type: 'drop', match: '/query' });
      sandbox.faults.inject({ type: 'slow', delayMs: 2500, match: '/sobjects' });
      sandbox.faults.inject({ type: 'malformed', match: '/queryAll/' });
      const { log, lines } = memoryLogger('warn');
      const result = await sync(store, { log });
      expect(result.error).toBeNull();
      expect(result.status).toBe('succeeded');
      expect(sandbox.faults.pending).toBe(0);

      const quarantined = await store.quarantine.list(`${source}-job`, 1000);
      const malformedCases = [...sandbox.dataset.scan('Case')].filter(
        (c) => c.CreatedDate === 'last Tuesday',
      );
      expect(malformedCases.length).toBeGreaterThan(3);
      const quarantinedIds = new Set(quarantined.map((q) => q.externalId as string));
      for (const c of malformedCases) expect(quarantinedIds.has(c.Id)).toBe(true);
      // The malformed fault corrupted exactly one more record mid-page; the rest of its page is stored.
      expect(quarantined).toHaveLength(malformedCases.length + 1);
      expect(quarantined.every((q) => q.reason.length > 0 && q.raw !== null)).toBe(true);

      expect(await all(store.tickets.iterate(), source)).toStrictEqual(
        expectedTickets(sandbox, source, quarantinedIds),
      );
      expect(await all(store.people.iterate(), source)).toStrictEqual(expectedPeople(sandbox, source));
      expect(await all(store.organizations.iterate(), source)).toStrictEqual(
        byId(expectedOrganizations(sandbox, source)),
      );
      expect(await all(store.comments.iterate(), source)).toStrictEqual(
        expectedComments(sandbox, source, quarantinedIds),
      );
      expect(await all(store.slaTargets.iterate(), source)).toStrictEqual(expectedSla(sandbox, source));

      const warnings = lines().filter((l) => String(l.msg).includes('"Awaiting Parts" is not in statusMap'));
      expect(warnings).toHaveLength(1);
      const tickets = await all(store.tickets.iterate(), source);
      expect(tickets.some((t) => t.subject?.includes('**** **** **** 1111'))).toBe(true);
      expect(JSON.stringify(tickets)).not.toContain('4111 1111 1111 1111');
      expect(tickets.some((t) => t.assigneeId === null && t.groupId === null)).toBe(true);
      const deletedContact = [...sandbox.dataset.scan('Contact')].find((c) => c.IsDeleted === true);
      expect(tickets.some((t) => t.requesterId === `${source}:${deletedContact?.Id}`)).toBe(true);
      expect(await store.people.get(`${source}:${deletedContact?.Id}`)).toBeNull();
    } finally {
      await sandbox.close();
    }
  });

  it('picks up a milestone that turned violated without a SystemModstamp change on the next run', async () => {
    const source = 'sf-violated';
    const { sandbox, sync } = await sandboxSync({ size: 60, source });
    try {
      expect((await sync(store, { streams: ['sla'] })).status).toBe('succeeded');
      const open = [...sandbox.dataset.scan('CaseMilestone')].filter(
        (m) => m.IsCompleted === false && m.IsDeleted === false && m.IsViolated === false,
      );
      expect(open.length).toBeGreaterThan(0);
      const target = open[0];
      const before = (await store.slaTargets.listForTicket(`${source}:${target?.CaseId}`))[0];
      expect(before?.stage).toBe('active');
      sandbox.advance(3 * 24 * 60 * 60_000);
      const after = sandbox.dataset.get('CaseMilestone', target?.Id ?? '');
      expect(after?.IsViolated).toBe(true);
      expect(after?.SystemModstamp).toBe(target?.SystemModstamp);
      expect((await sync(store, { streams: ['sla'] })).status).toBe('succeeded');
      const breached = (await store.slaTargets.listForTicket(`${source}:${target?.CaseId}`))[0];
      expect(breached).toMatchObject({
        stage: 'breached',
        breachedAt: new Date(String(target?.TargetDate)).toISOString(),
      });
    } finally {
      await sandbox.close();
    }
  });

  it('a second run after a change reads the change and keeps everything else', async () => {
    const source = 'sf-again';
    const { sandbox, sync } = await sandboxSync({ size: 40, source });
    try {
      await sync(store);
      const victim = [...sandbox.dataset.scan('Case')].find(
        (c) => c.IsDeleted === false && c.IsClosed === false,
      );
      sandbox.advance(60_000);
      sandbox.dataset.update('Case', victim?.Id ?? '', { IsEscalated: true, Priority: 'High' });
      const deleted = [...sandbox.dataset.scan('Case')].filter((c) => c.IsDeleted === false)[5];
      sandbox.dataset.delete('Case', deleted?.Id ?? '');
      sandbox.advance(60_000);
      expect((await sync(store)).status).toBe('succeeded');
      expect(await store.tickets.get(`${source}:${victim?.Id}`)).toMatchObject({
        isEscalated: true,
        priority: 'high',
      });
      expect(await store.tickets.get(`${source}:${deleted?.Id}`)).toMatchObject({ deleted: true });
    } finally {
      await sandbox.close();
    }
  });
});
