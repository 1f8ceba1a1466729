import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../shared/domain/index.js';
import {
  recordSopUse,
  reindexSops,
  sopReport,
  staleSops,
  verifySop,
} from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { CORPUS, sopFolder, sopText } from './corpus.js';

const NOW = new Date('2026-02-01T00:00:00Z');

function solved(externalId: string, hours: number, rest: Partial<Ticket>): Ticket {
  const createdAt = rest.createdAt ?? '2026-01-10T00:00:00.000Z';
  const solvedAt = new Date(Date.parse(createdAt) + hours * 3_600_000).toISOString();
  return aTicket({
    externalId,
    status: 'solved',
    createdAt,
    updatedAt: solvedAt,
    solvedAt,
    tags: ['refund'],
    ...rest,
  });
}

const good = { score: 'good' as const, comment: null };
const bad = { score: 'bad' as const, comment: null };

describe.each(await storeKinds())('SOP verification and effectiveness on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    await reindexSops(store, sopFolder(Object.fromEntries(CORPUS.map((s) => [`${s.id}.md`, sopText(s)]))));
  });
  afterAll(async () => dispose());

  it('finds stale SOPs on a frozen clock, and a verification makes one current', async () => {
    const at = (iso: string) => ({ now: new Date(iso) });
    expect((await staleSops(store, at('2026-01-01T00:00:00Z'))).map((s) => s.sop.id)).toEqual([
      'outage-communication',
      'account-lockout',
    ]);
    const stale = await staleSops(store, { now: NOW });
    expect(stale.map((s) => [s.sop.id, s.daysOverdue])).toEqual([
      ['outage-communication', null],
      ['account-lockout', 155],
    ]);
    // refund-request: verified 2026-01-01, every 90 days → due 2026-04-01 exactly.
    expect((await staleSops(store, at('2026-03-31T23:59:59Z'))).map((s) => s.sop.id)).not.toContain(
      'refund-request',
    );
    expect((await staleSops(store, at('2026-04-01T00:00:00Z'))).map((s) => s.sop.id)).toContain(
      'refund-request',
    );

    const result = await verifySop(store, 'account-lockout', { by: 'alice', at: NOW.toISOString() });
    expect(result.nextReviewAt).toBe('2026-05-02T00:00:00.000Z');
    expect((await staleSops(store, { now: NOW })).map((s) => s.sop.id)).toEqual(['outage-communication']);
    await expect(verifySop(store, 'nope', { by: 'alice' })).rejects.toThrow(/there is no SOP "nope"/);
  });

  it('compares tickets where an SOP was used with similar ones where it was not', async () => {
    const tickets = [
      solved('u1', 2, { reopens: 0, satisfaction: good }),
      solved('u2', 4, { reopens: 1, satisfaction: good }),
      solved('c1', 10, { reopens: 1, satisfaction: bad, tags: ['refund', 'vip'] }),
      solved('c2', 6, { reopens: 0, satisfaction: good }),
      solved('x-priority', 50, { priority: 'high', satisfaction: bad }),
      solved('x-topic', 50, { tags: ['shipping', 'login'], satisfaction: bad }),
      solved('x-old', 50, { createdAt: '2025-12-01T00:00:00.000Z', satisfaction: bad }),
    ];
    await store.tickets.upsertMany(tickets);
    const use = (ticket: string) =>
      recordSopUse(store, { sopId: 'refund-request', ticketId: `test-crm:${ticket}`, by: 'bob' });
    expect(await use('u1')).toEqual({ recorded: true });
    expect(await use('u1')).toEqual({ recorded: false });
    await use('u2');
    await expect(recordSopUse(store, { sopId: 'nope', ticketId: 'test-crm:u1', by: 'bob' })).rejects.toThrow(
      /no SOP/,
    );

    const qa: Record<string, number> = { 'test-crm:u1': 90, 'test-crm:u2': 80, 'test-crm:c1': 70 };
    const report = await sopReport(store, {
      days: 30,
      now: NOW,
      qaScore: (id) => qa[id] ?? null,
      minTopicTickets: 1,
    });
    expect(report.tickets).toBe(6);
    const [entry] = report.byUse;
    expect(report.byUse.map((e) => [e.id, e.uses])).toEqual([['refund-request', 2]]);
    expect(entry?.used).toEqual({ tickets: 2, resolutionHours: 3, reopenRate: 0.5, csat: 1, qaScore: 85 });
    expect(entry?.similarWithout).toEqual({
      tickets: 2,
      resolutionHours: 8,
      reopenRate: 0.5,
      csat: 0.5,
      qaScore: 70,
    });
    expect(entry?.effect).toMatchObject({ resolutionHours: -5, reopenRate: 0, csat: 0.5, qaScore: 15 });
    expect(entry?.effect?.score).toBeCloseTo(5 / 8 + 0.5 + 15 / 70, 10);
    expect(report.byEffect.map((e) => e.id)).toEqual(['refund-request']);
    // login is covered by the account-lockout SOP; refund by the refund SOP.
    expect(report.topicsWithoutSop).toEqual([
      { tag: 'shipping', tickets: 1 },
      { tag: 'vip', tickets: 1 },
    ]);
  });

  it('takes QA scores from the stored reviews, calibration excluded', async () => {
    const review = (id: string, ticket: string, score: number, kind: 'review' | 'calibration' = 'review') =>
      store.qaReviews.insert({
        id,
        kind,
        flagId: kind === 'review' ? `flag-${id}` : null,
        calibrationId: kind === 'calibration' ? 'cal-1' : null,
        ticketId: `test-crm:${ticket}`,
        scorecardVersionId: 'v1',
        reviewer: `${id}@acme.test`,
        agentId: null,
        agentEmail: null,
        groupId: null,
        ratings: {},
        failedItems: {},
        categoryScores: {},
        score,
        comment: '',
        status: 'submitted',
        createdAt: NOW.toISOString().replace(/T.*/, 'T00:00:00.000Z'),
        updatedAt: NOW.toISOString(),
        notifiedAt: null,
      });
    await review('r1', 'u1', 90);
    await review('r2', 'u2', 70);
    await review('r3', 'u2', 90);
    await review('r4', 'c1', 60);
    await review('r5', 'c1', 0, 'calibration');
    const report = await sopReport(store, { days: 30, now: NOW, minTopicTickets: 1 });
    const [entry] = report.byUse;
    // u1 90, u2 mean(70, 90) = 80 → 85; c1 60 (its calibration score of 0 does not count).
    expect(entry?.used.qaScore).toBe(85);
    expect(entry?.similarWithout.qaScore).toBe(60);
    expect(entry?.effect?.qaScore).toBe(25);
  });
});
