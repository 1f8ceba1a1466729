import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Ticket } from '../../shared/domain/index.js';
import { createLogger } from '../../shared/log/logger.js';
import { recomputeTickets } from '../../shared/services/engine/recompute.js';
import { EscalationConfig } from '../../shared/services/escalation/index.js';
import { createEscalationService } from '../../shared/services/escalation/service.js';
import { kpiReport } from '../../shared/services/metrics/index.js';
import { SlaConfig } from '../../shared/services/sla/index.js';
import { slaStatusToday } from '../../shared/services/sla/status.js';
import type { Store } from '../../shared/store/index.js';
import { defineConnector, type Page, runJob } from '../../shared/sync/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { failureOf } from '../helpers/errors.js';
import { aComment, anOrganization, anSlaTarget, aPerson, aTicket } from '../helpers/records.js';

const kinds = await storeKinds();
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const NOW = new Date('2026-03-10T15:00:00.000Z'); // Tuesday 11:00 in New York (EDT since Mar 8)

const sla = SlaConfig.parse({
  timeZone: 'America/New_York',
  calendars: [
    {
      id: 'ny',
      timeZone: 'America/New_York',
      hours: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }] },
    },
  ],
  policies: [{ id: 'std', calendar: 'ny', targets: { first_reply: { minutes: 60 } } }],
});
const escalation = EscalationConfig.parse({
  levels: [{ name: 'Lead' }, { name: 'Manager' }],
  rules: [
    { id: 'breach', level: 1, when: { slaBreached: true } },
    {
      id: 'vip',
      level: 2,
      reason: 'VIP complaint',
      when: { organizationTier: ['vip'], tags: { any: ['complaint'] } },
    },
  ],
});

/** A connector replaying fixed pages: the same page twice is what a crash-and-resume looks like. */
function pagesConnector(pages: Page<{ n: number }>[]) {
  return defineConnector<{ id: string }>({
    kind: 'pages',
    configSchema: z.strictObject({}),
    streams: [
      {
        name: 'tickets',
        checkpointSchema: z.object({ n: z.number() }),
        async *read() {
          yield* pages;
        },
      },
    ],
  });
}

describe.each(kinds)('SLA and escalation engine on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    await store.people.upsertMany([
      aPerson({ externalId: 'agent', role: 'agent' }),
      aPerson({ externalId: 'cust', email: 'c@vip.example' }),
    ]);
    await store.organizations.upsertMany([
      anOrganization({ externalId: 'vip-co', tier: 'vip', domains: ['vip.example'] }),
    ]);
  });
  afterAll(async () => dispose());

  const afterPage = (tx: Parameters<typeof recomputeTickets>[0], ids: string[]) =>
    recomputeTickets(tx, ids, { sla, escalation }, NOW).then(() => undefined);

  it('computes policy targets as pages commit and escalates once, even when pages are replayed', async () => {
    const late = aTicket({
      externalId: 'late',
      createdAt: '2026-03-10T13:00:00.000Z',
      updatedAt: '2026-03-10T13:00:00.000Z',
      requesterId: 'test-crm:cust',
    });
    const vip = aTicket({
      externalId: 'vip',
      organizationId: 'test-crm:vip-co',
      tags: ['complaint'],
      createdAt: '2026-03-10T14:30:00.000Z',
      updatedAt: '2026-03-10T14:30:00.000Z',
    });
    const page = { records: { tickets: [late, vip] }, checkpoint: { n: 1 } };
    const job = { id: 'engine', connection: 'test-crm', streams: ['tickets'], enabled: true };
    for (let i = 0; i < 2; i++) {
      await runJob({
        job,
        connection: { id: 'test-crm' },
        connector: pagesConnector([page, page]),
        store,
        log: silent,
        afterPage,
      });
    }
    const targets = await store.slaTargets.listForTicket(late.id);
    // Created 09:00 New York, 60 business minutes → due 10:00; at 11:00 it is breached.
    expect(targets.map((t) => [t.metric, t.origin, t.dueAt])).toEqual([
      ['first_reply', 'policy', '2026-03-10T14:00:00.000Z'],
    ]);
    const lateEscalation = await store.escalations.latestForTicket(late.id);
    expect(lateEscalation).toMatchObject({ level: 1, openedBy: 'rules', resolvedAt: null });
    expect(await store.escalations.events(lateEscalation?.id ?? '')).toHaveLength(1);
    expect((await store.escalations.latestForTicket(vip.id))?.reasons).toEqual(['VIP complaint']);
    expect(
      (await store.escalations.listOpen()).filter((e) => e.ticketId.startsWith('test-crm:')),
    ).toHaveLength(2);
  });

  it('achieves the target when an agent replies, and resolves the escalation when the ticket is solved', async () => {
    await store.comments.upsertMany([
      aComment({
        externalId: 'reply',
        ticketId: 'test-crm:late',
        authorId: 'test-crm:agent',
        createdAt: '2026-03-10T14:20:00.000Z',
      }),
    ]);
    await store.transaction((tx) => afterPage(tx, ['test-crm:late']));
    const [target] = await store.slaTargets.listForTicket('test-crm:late');
    expect(target).toMatchObject({ stage: 'breached', achievedAt: '2026-03-10T14:20:00.000Z' });
    const solved: Ticket = {
      ...aTicket({ externalId: 'late' }),
      status: 'solved',
      solvedAt: '2026-03-10T14:50:00.000Z',
      createdAt: '2026-03-10T13:00:00.000Z',
      updatedAt: '2026-03-10T14:50:00.000Z',
    };
    await store.tickets.upsertMany([solved]);
    await store.transaction((tx) => afterPage(tx, ['test-crm:late']));
    const escalationAfter = await store.escalations.latestForTicket('test-crm:late');
    expect(escalationAfter?.resolvedBy).toBe('rules');
    expect((await store.escalations.events(escalationAfter?.id ?? '')).map((e) => e.type)).toEqual([
      'opened',
      'resolved',
    ]);
  });

  it('answers today’s status from the store on a frozen clock', async () => {
    await store.tickets.upsertMany([
      aTicket({ externalId: 'today-1', source: 'today', groupId: 'today:g1', priority: 'high' }),
    ]);
    await store.slaTargets.upsertMany([
      anSlaTarget({
        externalId: 'a',
        source: 'today',
        ticketId: 'today:today-1',
        metric: 'resolution',
        dueAt: '2026-03-10T15:30:00.000Z',
        stage: 'active',
      }),
      anSlaTarget({
        externalId: 'b',
        source: 'today',
        ticketId: 'today:today-1',
        metric: 'first_reply',
        dueAt: '2026-03-10T13:00:00.000Z',
        stage: 'achieved',
        achievedAt: '2026-03-10T12:00:00.000Z',
      }),
      anSlaTarget({
        externalId: 'c',
        source: 'today',
        ticketId: 'today:today-1',
        metric: 'next_reply',
        dueAt: '2026-03-09T15:00:00.000Z',
        stage: 'breached',
        breachedAt: '2026-03-09T15:00:00.000Z',
      }),
    ]);
    const status = await slaStatusToday(store, sla, { now: NOW, group: 'g1' });
    expect(status.date).toBe('2026-03-10');
    expect(status.totals).toEqual({
      dueToday: 2,
      breachedToday: 0,
      atRisk: 1,
      achievedToday: 1,
      attainmentPct: 100,
      openBreachesEarlier: 1,
    });
    expect(status.atRisk.map((i) => [i.ticketId, i.metric, i.minutesLeft])).toEqual([
      ['today:today-1', 'resolution', 30],
    ]);
  });

  it('escalates, acknowledges, lowers and resolves by hand, audited and written back to the CRM', async () => {
    const writes: string[] = [];
    const service = createEscalationService({
      store,
      config: () => escalation,
      log: silent,
      now: () => NOW,
      writeBack: async (ticket, e, event) => {
        writes.push(`${ticket.id} ${event.type} L${e.level}`);
      },
    });
    await store.tickets.upsertMany([aTicket({ externalId: '777', source: 'manual' })]);
    await service.escalate('777', {
      level: 'Manager',
      reason: 'customer threatens to churn',
      actor: 'cli:ana',
    });
    await service.acknowledge('777', 'cli:ben');
    await service.deEscalate('777', { level: 1, actor: 'cli:ana' });
    await service.resolve('777', { actor: 'cli:ana', note: 'refund sent' });
    const { escalation: done, events } = await service.forTicket('manual:777');
    // A new level has a new owner, who has not acknowledged anything yet.
    expect(done).toMatchObject({ level: 1, acknowledgedBy: null, resolvedBy: 'cli:ana' });
    expect(events.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'lowered', 'resolved']);
    expect(writes).toEqual([
      'manual:777 opened L2',
      'manual:777 acknowledged L2',
      'manual:777 lowered L1',
      'manual:777 resolved L1',
    ]);
    const audit = (await store.auditLog.recent(10))
      .filter((e) => e.target === 'manual:777')
      .map((e) => `${e.actor} ${e.action}`);
    expect(audit.reverse()).toEqual([
      'cli:ana escalation.escalate',
      'cli:ben escalation.acknowledge',
      'cli:ana escalation.de-escalate',
      'cli:ana escalation.resolve',
    ]);
    expect(await failureOf(service.acknowledge('777', 'cli:ben'))).toMatch(/has no open escalation/);
    expect(await failureOf(service.escalate('nope', { level: 1, reason: 'x', actor: 'cli:ana' }))).toMatch(
      /no ticket nope in casebridge/,
    );
    expect(await failureOf(service.escalate('777', { level: 9, reason: 'x', actor: 'cli:ana' }))).toMatch(
      /no escalation level 9 — use one of 1 \(Lead\), 2 \(Manager\)/,
    );
  });

  it('computes KPIs from the store over the period', async () => {
    await store.tickets.upsertMany([
      aTicket({
        externalId: 'k1',
        source: 'kpi',
        status: 'solved',
        createdAt: '2026-03-09T14:00:00.000Z',
        updatedAt: '2026-03-09T16:00:00.000Z',
        solvedAt: '2026-03-09T16:00:00.000Z',
        satisfaction: { score: 'good', comment: null },
        reopens: 0,
      }),
      aTicket({
        externalId: 'k2',
        source: 'kpi',
        status: 'solved',
        createdAt: '2026-03-09T13:00:00.000Z',
        updatedAt: '2026-03-09T17:00:00.000Z',
        solvedAt: '2026-03-09T17:00:00.000Z',
        satisfaction: { score: 'bad', comment: 'slow' },
        reopens: 1,
      }),
    ]);
    const report = await kpiReport(store, sla, { days: 2, now: NOW, calendar: 'ny' });
    expect(report.csat).toMatchObject({ count: 1, of: 2, pct: 50 });
    // The earlier test's ticket was solved in the period too (reopens 0): 1 of 3.
    expect(report.reopenRate).toMatchObject({ count: 1, of: 3 });
    expect(report.resolution.unit).toBe('business_minutes');
  });
});
