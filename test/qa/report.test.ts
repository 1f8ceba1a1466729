import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/index.js';
import type { QaReview } from '../../shared/store/repositories/qa-reviews.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { AGENT, GOOD, LEAD, qaWorld, REVIEWER } from './setup.js';

const kinds = await storeKinds();

/** A stored review with a given score: the report only reads what is stored. */
function aReview(
  over: Partial<QaReview> & { id: string; score: number; scorecardVersionId: string },
): QaReview {
  return {
    kind: 'review',
    flagId: over.id,
    calibrationId: null,
    ticketId: 'test-crm:100',
    reviewer: REVIEWER,
    agentId: 'test-crm:ana',
    agentEmail: AGENT,
    groupId: 'test-crm:g-billing',
    ratings: {},
    failedItems: {},
    categoryScores: { greeting: 100, resolution: over.score },
    comment: '',
    status: 'submitted',
    createdAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
    notifiedAt: null,
    ...over,
  };
}

describe.each(kinds)('QA reports and calibration on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterEach(async () => dispose());

  it('IQS per agent and group with trend, category breakdown, failed items, workload, open disputes, CSV', async () => {
    const { qa } = await qaWorld(store);
    const card = qa.scorecards().scorecards[0];
    if (card === undefined) throw new Error('no scorecard');
    const v = card.versionId;
    await store.qaScorecards.register({
      versionId: v,
      scorecardId: card.id,
      version: card.version,
      name: card.definition.name,
      file: card.file,
      definition: card.definition,
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    });
    const scores = [100, 9.91, 63.96, 90.99, 0];
    for (const [i, score] of scores.entries())
      await store.qaReviews.insert(
        aReview({
          id: `r${i}`,
          score,
          scorecardVersionId: v,
          failedItems: i === 1 ? { tone: ['empathy'] } : {},
        }),
      );
    await store.qaReviews.insert(
      aReview({ id: 'old', score: 40, scorecardVersionId: v, createdAt: '2025-12-20T10:00:00.000Z' }),
    );
    await store.qaReviews.insert(
      aReview({
        id: 'other',
        score: 80,
        scorecardVersionId: v,
        agentId: 'test-crm:bo',
        agentEmail: 'bo@acme.test',
        groupId: null,
        comment: '=HYPERLINK("x")',
      }),
    );
    await store.qaReviews.insert(
      aReview({
        id: 'cal',
        kind: 'calibration',
        flagId: null,
        calibrationId: 'c1',
        score: 0,
        scorecardVersionId: v,
        reviewer: 'ravi@acme.test',
      }),
    );

    const report = await qa.report({ days: 30 });
    expect(report.reviews).toBe(6);
    const ana = report.agents.find((a) => a.key === AGENT);
    // the worked example: reviews of 100, 9.91, 63.96, 90.99 and 0 → 52.97%; calibration excluded
    expect(ana).toEqual({ key: AGENT, reviews: 5, iqs: 52.97, previousIqs: 40, trend: 12.97 });
    expect(report.groups.map((g) => [g.key, g.iqs])).toEqual([
      ['no group', 80],
      ['test-crm:g-billing', 52.97],
    ]);
    expect(report.categories.find((c) => c.category === 'resolution')).toMatchObject({ rated: 6, failed: 2 });
    expect(report.categories.find((c) => c.category === 'tone')).toMatchObject({
      rated: 0,
      na: 6,
      average: null,
    });
    expect(report.failedItems).toEqual([
      {
        scorecard: 'email',
        category: 'tone',
        item: 'empathy',
        text: 'Acknowledges the customer’s frustration',
        count: 1,
      },
    ]);
    expect(report.reviewers).toEqual([
      { reviewer: 'ravi@acme.test', reviews: 0, calibrations: 1, claimed: 0 },
      { reviewer: REVIEWER, reviews: 6, calibrations: 0, claimed: 0 },
    ]);
    expect((await qa.report({ days: 30, agent: 'ANA@acme.test' })).iqs).toBe(52.97);
    expect((await qa.report({ days: 30, group: 'test-crm:g-billing' })).reviews).toBe(5);

    const csv = await qa.reportCsv({ days: 30, agent: 'bo@acme.test' });
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'reviewed_at,review_id,ticket_id,agent,group,reviewer,scorecard_version,score,status,email.compliance,email.greeting,email.resolution,email.tone,comment',
    );
    expect(row).toBe(
      `2026-02-01T10:00:00.000Z,other,test-crm:100,bo@acme.test,,${REVIEWER},${v},80.00,submitted,N/A,100.00,80.00,N/A,"'=HYPERLINK(""x"")"`,
    );
  });

  it('lists open disputes in the report', async () => {
    const { qa, flag } = await qaWorld(store);
    const flagId = await flag();
    const form = await qa.reviewForm(flagId);
    const { review } = await qa.submitReview({
      flagId,
      reviewer: REVIEWER,
      scorecardVersionId: form.scorecard.versionId,
      ratings: GOOD,
      comment: '',
    });
    await qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'no' });
    const report = await qa.report({ days: 7 });
    expect(report.iqs).toBe(75);
    expect(report.openDisputes).toEqual([
      expect.objectContaining({ reviewId: review.id, agent: AGENT, reviewer: REVIEWER }),
    ]);
  });

  it('calibration: blind until everyone scored, spread per category, never in IQS', async () => {
    const { qa } = await qaWorld(store);
    const reviewers = [REVIEWER, 'ravi@acme.test', 'rosa@acme.test'];
    await expect(
      qa.startCalibration({ ticketId: 'test-crm:100', reviewers, startedBy: REVIEWER }),
    ).rejects.toThrow(/only a QA lead/);
    await expect(
      qa.startCalibration({ ticketId: 'test-crm:100', reviewers: [REVIEWER], startedBy: LEAD }),
    ).rejects.toThrow(/at least two/);
    const session = await qa.startCalibration({ ticketId: 'test-crm:100', reviewers, startedBy: LEAD });
    await qa.submitCalibration({ calibrationId: session.id, reviewer: REVIEWER, ratings: GOOD, comment: '' });
    await expect(
      qa.submitCalibration({ calibrationId: session.id, reviewer: REVIEWER, ratings: GOOD, comment: '' }),
    ).rejects.toMatchObject({ code: 'qa.review.duplicate' });
    await expect(
      qa.submitCalibration({
        calibrationId: session.id,
        reviewer: 'eve@acme.test',
        ratings: GOOD,
        comment: '',
      }),
    ).rejects.toThrow(/not a reviewer/);
    await qa.submitCalibration({
      calibrationId: session.id,
      reviewer: 'ravi@acme.test',
      ratings: { ...GOOD, resolution: 2, tone: 'na' },
      comment: '',
    });
    const blind = await qa.calibrationResult(session.id);
    expect(blind).toMatchObject({ results: null, pending: ['rosa@acme.test'] });
    await qa.submitCalibration({
      calibrationId: session.id,
      reviewer: 'rosa@acme.test',
      ratings: { ...GOOD, resolution: 5 },
      comment: '',
    });
    const { results } = await qa.calibrationResult(session.id);
    expect(results?.categories.find((c) => c.categoryId === 'resolution')).toMatchObject({
      min: 25,
      max: 100,
      spread: 75,
    });
    expect(results?.categories.find((c) => c.categoryId === 'greeting')).toMatchObject({
      spread: 0,
      stdDev: 0,
    });
    expect(results?.categories.find((c) => c.categoryId === 'tone')?.scores.map((s) => s.score)).toEqual([
      66.67,
      null,
      66.67,
    ]);
    const report = await qa.report({ days: 7 });
    expect(report.reviews).toBe(0);
    expect(report.iqs).toBeNull();
    expect(report.reviewers.map((r) => r.calibrations)).toEqual([1, 1, 1]);
    await qa.closeCalibration(session.id);
    await expect(
      qa.submitCalibration({
        calibrationId: session.id,
        reviewer: 'rosa@acme.test',
        ratings: GOOD,
        comment: '',
      }),
    ).rejects.toThrow(/is closed/);
  });

  it('sampling: a deterministic share of each agent’s solved tickets per week, and every bad CSAT', async () => {
    const { qa } = await qaWorld(store, {
      sampling: [
        { id: 'weekly', kind: 'solved-per-agent', percent: 50 },
        { id: 'csat', kind: 'bad-csat' },
      ],
    });
    await store.tickets.upsertMany(
      ['200', '201', '202', '203'].map((n, i) => ({
        ...aSolved(n),
        satisfaction: i === 0 ? { score: 'bad' as const, comment: 'slow' } : null,
      })),
    );
    const week = { from: '2026-01-26T00:00:00.000Z', to: '2026-02-02T00:00:00.000Z' };
    const first = await qa.runSampling(week);
    expect(first.filter((f) => f.flaggedBy === 'rule:weekly')).toHaveLength(2);
    expect(first.filter((f) => f.flaggedBy === 'rule:csat').map((f) => f.ticketId)).toEqual(['test-crm:200']);
    expect(await qa.runSampling(week)).toEqual([]);
  });
});

function aSolved(n: string) {
  return {
    id: `test-crm:${n}`,
    source: 'test-crm',
    externalId: n,
    number: n,
    url: null,
    subject: null,
    description: null,
    status: 'solved' as const,
    sourceStatus: 'solved',
    priority: 'normal' as const,
    sourcePriority: 'normal',
    type: null,
    channel: 'email' as const,
    requesterId: null,
    organizationId: null,
    assigneeId: 'test-crm:ana',
    groupId: null,
    tags: [],
    customFields: {},
    isEscalated: false,
    createdAt: '2026-01-26T09:00:00.000Z',
    updatedAt: '2026-01-28T09:00:00.000Z',
    firstRespondedAt: null,
    solvedAt: '2026-01-28T09:00:00.000Z',
    closedAt: null,
    reopens: 0,
    deleted: false,
  };
}
