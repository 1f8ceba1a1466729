import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aComment, anOrganization, anSlaTarget, aPerson, aTicket } from '../helpers/records.js';

const kinds = await storeKinds();

describe.each(kinds)('repositories on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(async () => dispose());

  it('round-trips a ticket with every field, keeping nulls as nulls', async () => {
    const ticket = aTicket({
      externalId: 'rt-1',
      description: null,
      priority: null,
      sourcePriority: null,
      tags: ['vip', 'billing', 'ünïcødé'],
      customFields: { '360001': 'gold', n: 3, nested: { a: [1, null, true] }, empty: null },
      satisfaction: { score: 'bad', comment: null },
      isEscalated: true,
      reopens: null,
    });
    await store.tickets.upsertMany([ticket]);
    expect(await store.tickets.get(ticket.id)).toStrictEqual(ticket);
  });

  it('upserts idempotently by (source, externalId): a replayed batch changes nothing', async () => {
    const batch = Array.from({ length: 1500 }, (_, i) =>
      aTicket({ externalId: `idem-${i}`, source: 'idem' }),
    );
    await store.tickets.upsertMany(batch);
    await store.tickets.upsertMany(batch);
    expect(await store.tickets.count('idem')).toBe(1500);
    expect(await store.tickets.get('idem:idem-1499')).toStrictEqual(batch[1499]);
  });

  it('never lets an older version of a ticket overwrite a newer one', async () => {
    const newer = aTicket({ externalId: 'order-1', status: 'solved', updatedAt: '2026-02-01T00:00:00.000Z' });
    const older = aTicket({ externalId: 'order-1', status: 'open', updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.tickets.upsertMany([newer]);
    await store.tickets.upsertMany([older]);
    expect((await store.tickets.get(newer.id))?.status).toBe('solved');
  });

  it('keeps the last version when one batch holds the same ticket twice', async () => {
    const first = aTicket({ externalId: 'twice', subject: 'first' });
    const second = aTicket({ externalId: 'twice', subject: 'second', updatedAt: '2026-03-01T00:00:00.000Z' });
    await store.tickets.upsertMany([first, second]);
    expect((await store.tickets.get(first.id))?.subject).toBe('second');
  });

  it('turns a deleted ticket into a tombstone that listings leave out', async () => {
    const person = aPerson({ externalId: 'req-del' });
    await store.tickets.upsertMany([aTicket({ externalId: 'del-1', requesterId: person.id })]);
    await store.tickets.markDeleted('test-crm', ['del-1']);
    expect((await store.tickets.get('test-crm:del-1'))?.deleted).toBe(true);
    expect(await store.tickets.listByRequesters([person.id])).toEqual([]);
  });

  it('finds one customer across CRMs by normalised email, and their tickets newest first', async () => {
    const zd = aPerson({ externalId: '11', source: 'zendesk-main', email: 'Ana.Silva@Example.com' });
    const sf = aPerson({ externalId: '003A', source: 'salesforce-main', email: ' ana.silva@example.com ' });
    await store.people.upsertMany([zd, sf, aPerson({ externalId: '12', email: 'other@example.com' })]);
    const people = await store.people.findByEmail('ANA.SILVA@example.com');
    expect(people.map((p) => p.id)).toEqual(['salesforce-main:003A', 'zendesk-main:11']);
    await store.tickets.upsertMany([
      aTicket({
        externalId: 'c1',
        source: 'zendesk-main',
        requesterId: zd.id,
        updatedAt: '2026-01-01T00:00:00.000Z',
      }),
      aTicket({
        externalId: 'c2',
        source: 'salesforce-main',
        requesterId: sf.id,
        updatedAt: '2026-01-03T00:00:00.000Z',
      }),
    ]);
    const history = await store.tickets.listByRequesters(people.map((p) => p.id));
    expect(history.map((t) => t.id)).toEqual(['salesforce-main:c2', 'zendesk-main:c1']);
  });

  it('lists tickets by organization and by status', async () => {
    const org = anOrganization({ externalId: 'org-1', domains: ['acme.com'], tier: 'vip' });
    await store.organizations.upsertMany([org]);
    expect(await store.organizations.get(org.id)).toStrictEqual(org);
    await store.tickets.upsertMany([
      aTicket({ externalId: 'o1', source: 'orgs', organizationId: org.id, status: 'pending' }),
      aTicket({ externalId: 'o2', source: 'orgs', organizationId: org.id, status: 'solved' }),
    ]);
    expect((await store.tickets.listByOrganization(org.id)).length).toBe(2);
    const pending = await store.tickets.listByStatus(['pending'], '2026-01-01T00:00:00.000Z');
    expect(pending.map((t) => t.id)).toContain('orgs:o1');
    expect(pending.map((t) => t.id)).not.toContain('orgs:o2');
  });

  it('stores comments and SLA targets and queries targets by due time', async () => {
    const ticket = aTicket({ externalId: 'sla-1' });
    await store.tickets.upsertMany([ticket]);
    await store.comments.upsertMany([
      aComment({
        externalId: 'cm-2',
        ticketId: ticket.id,
        createdAt: '2026-01-05T11:00:00.000Z',
        public: false,
      }),
      aComment({ externalId: 'cm-1', ticketId: ticket.id, createdAt: '2026-01-05T10:00:00.000Z' }),
    ]);
    expect((await store.comments.listForTicket(ticket.id)).map((c) => [c.externalId, c.public])).toEqual([
      ['cm-1', true],
      ['cm-2', false],
    ]);
    await store.slaTargets.upsertMany([
      anSlaTarget({ externalId: 's1', ticketId: ticket.id, dueAt: '2026-01-05T12:00:00.000Z' }),
      anSlaTarget({
        externalId: 's2',
        ticketId: ticket.id,
        dueAt: '2026-01-06T12:00:00.000Z',
        stage: 'breached',
      }),
    ]);
    const due = await store.slaTargets.listDueBetween('2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z');
    expect(due.map((s) => s.externalId)).toEqual(['s1']);
    expect(await store.slaTargets.listForTicket(ticket.id)).toHaveLength(2);
  });

  it('keeps escalations with an append-only event log', async () => {
    const escalation = {
      id: 'esc-1',
      ticketId: 'test-crm:sla-1',
      level: 1,
      reasons: ['SLA breached'],
      ownerId: null,
      openedAt: '2026-01-05T12:00:00.000Z',
      openedBy: 'rule:sla-breach',
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
    };
    await store.escalations.insert(escalation);
    await store.escalations.appendEvent({
      id: 'ev-1',
      escalationId: 'esc-1',
      type: 'opened',
      at: escalation.openedAt,
      actor: 'rule',
      level: 1,
      note: null,
    });
    await store.escalations.update({ ...escalation, level: 2 });
    await store.escalations.appendEvent({
      id: 'ev-2',
      escalationId: 'esc-1',
      type: 'raised',
      at: '2026-01-05T12:30:00.000Z',
      actor: 'U1',
      level: 2,
      note: 'VIP',
    });
    expect((await store.escalations.openForTicket('test-crm:sla-1'))?.level).toBe(2);
    expect((await store.escalations.events('esc-1')).map((e) => e.type)).toEqual(['opened', 'raised']);
    expect((await store.escalations.listOpen(2)).map((e) => e.id)).toEqual(['esc-1']);
  });

  it('rolls back every write of a failed transaction', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.tickets.upsertMany([aTicket({ externalId: 'tx-1' })]);
        await tx.syncState.set('job', 'tickets', { cursor: 'abc' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.tickets.get('test-crm:tx-1')).toBeNull();
    expect(await store.syncState.get('job', 'tickets')).toBeNull();
  });

  it('keeps checkpoints, runs, quarantine and audit entries', async () => {
    await store.syncState.set('job-a', 'tickets', { after_cursor: 'xyz' });
    await store.syncState.set('job-a', 'tickets', { after_cursor: 'xyz2' });
    expect(await store.syncState.get('job-a', 'tickets')).toEqual({ after_cursor: 'xyz2' });
    const runId = await store.syncRuns.start('job-a', 'manual');
    await store.syncRuns.addCounts(runId, { upserted: 10, deleted: 1, quarantined: 2, pages: 3 });
    await store.syncRuns.finish(runId, 'succeeded', null);
    expect(await store.syncRuns.last('job-a')).toMatchObject({
      status: 'succeeded',
      upserted: 10,
      deleted: 1,
      quarantined: 2,
      pages: 3,
    });
    const quarantined = {
      jobId: 'job-a',
      stream: 'tickets',
      source: 'test-crm',
      externalId: '9',
      reason: 'status: invalid',
      raw: { id: 9 },
    };
    await store.quarantine.add([quarantined]);
    await store.quarantine.add([{ ...quarantined, reason: 'status: still invalid' }]);
    const listed = await store.quarantine.list('job-a');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ reason: 'status: still invalid', raw: { id: 9 } });
    await store.auditLog.record({
      actor: 'admin',
      action: 'jobs.reset',
      target: 'job-a',
      details: { from: '2024-01-01' },
    });
    expect((await store.auditLog.recent(1))[0]).toMatchObject({
      actor: 'admin',
      action: 'jobs.reset',
      details: { from: '2024-01-01' },
    });
  });

  it('iterates a whole table in id order without loading it at once', async () => {
    const seen: string[] = [];
    for await (const t of store.tickets.iterate()) seen.push(t.id);
    expect(seen.length).toBe(await store.tickets.count());
    expect([...seen].sort()).toEqual(seen);
  });
});
