import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aScorecardYaml } from './fixtures.js';
import { AGENT, GOOD, LEAD, qaWorld, REVIEWER } from './setup.js';

const kinds = await storeKinds();

describe.each(kinds)('the QA flow on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterEach(async () => dispose());

  it('flag → claim → review → notify → dispute → accept (rescore), with the history kept', async () => {
    const { qa, flag } = await qaWorld(store);
    const flagId = await flag();
    expect((await qa.claim(flagId, REVIEWER)).status).toBe('claimed');
    expect((await qa.claim(flagId, REVIEWER)).claimedBy).toBe(REVIEWER);
    const form = await qa.reviewForm(flagId);
    expect(form.scorecard.definition.categories.map((c) => c.id)).toEqual([
      'greeting',
      'resolution',
      'tone',
      'compliance',
    ]);

    const { review, notification } = await qa.submitReview({
      flagId,
      reviewer: REVIEWER,
      scorecardVersionId: form.scorecard.versionId,
      ratings: GOOD,
      comment: 'Good fix, a bit curt',
      failedItems: { tone: ['empathy'] },
    });
    expect(review.score).toBe(75);
    expect((await store.qaFlags.get(flagId))?.status).toBe('reviewed');
    expect(notification).toMatchObject({
      kind: 'review.scored',
      to: { id: 'test-crm:ana', email: AGENT },
      score: 75,
      disputeUntil: '2026-02-09T10:00:00.000Z',
      text: expect.stringContaining('reviewed against "Email support": 75%'),
    });
    await qa.markNotified(review.id, 'slack');

    const { dispute, notification: toReviewer } = await qa.dispute({
      reviewId: review.id,
      agent: 'ANA@acme.test',
      comment: 'I apologised in the second paragraph',
      proposed: { ...GOOD, tone: 4 },
    });
    expect(toReviewer).toMatchObject({ kind: 'review.disputed', to: { identity: REVIEWER } });
    const accepted = await qa.resolveDispute({
      disputeId: dispute.id,
      by: REVIEWER,
      decision: 'accept',
      note: 'fair',
    });
    expect(accepted.review).toMatchObject({ status: 'resolved', score: 85 });
    expect(accepted.dispute).toMatchObject({ status: 'accepted', resolvedBy: REVIEWER });
    expect(accepted.notification.text).toContain('accepted: the score is now 85%');

    const history = await qa.history(review.id);
    expect(history.events.map((e) => e.type)).toEqual(['submitted', 'notified', 'disputed', 'accepted']);
    expect(history.events[3]?.details).toMatchObject({ from: 75, to: 85 });
    expect(history.disputes).toHaveLength(1);
    expect((await qa.ticketQa('test-crm:100')).reviews.map((r) => r.score)).toEqual([85]);
  });

  it('a QA lead may reject a dispute; the score stays', async () => {
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
    const { dispute } = await qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'too harsh' });
    await expect(qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'again' })).rejects.toThrow(
      /already has an open dispute/,
    );
    await expect(
      qa.resolveDispute({ disputeId: dispute.id, by: 'ravi@acme.test', decision: 'reject' }),
    ).rejects.toThrow(/only the reviewer \(rita@acme.test\) or a QA lead/);
    await expect(qa.resolveDispute({ disputeId: dispute.id, by: LEAD, decision: 'accept' })).rejects.toThrow(
      /proposed none/,
    );
    const rejected = await qa.resolveDispute({ disputeId: dispute.id, by: LEAD, decision: 'reject' });
    expect(rejected.review).toMatchObject({ status: 'resolved', score: 75 });
    expect(rejected.notification.kind).toBe('dispute.rejected');
    await expect(qa.resolveDispute({ disputeId: dispute.id, by: LEAD, decision: 'reject' })).rejects.toThrow(
      /already rejected/,
    );
    await expect(qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'again' })).rejects.toThrow(
      /already disputed and the dispute resolved/,
    );
  });

  it('refuses claims and reviews that break the flow, each with a clear message', async () => {
    const { qa, flag } = await qaWorld(store);
    const flagId = await flag();
    await expect(qa.claim('nope', REVIEWER)).rejects.toThrow(/there is no QA flag nope/);
    await expect(qa.claim(flagId, AGENT)).rejects.toThrow(
      /ana@acme.test is the agent on ticket 100 and cannot review it/,
    );
    await qa.claim(flagId, REVIEWER);
    await expect(qa.claim(flagId, 'ravi@acme.test')).rejects.toThrow(/already claimed by rita@acme.test/);
    const versionId = (await qa.reviewForm(flagId)).scorecard.versionId;
    const submit = (over: Record<string, unknown> = {}) =>
      qa.submitReview({
        flagId,
        reviewer: REVIEWER,
        scorecardVersionId: versionId,
        ratings: GOOD,
        comment: 'ok',
        ...over,
      });
    await expect(submit({ reviewer: 'ravi@acme.test' })).rejects.toThrow(
      /claimed by rita@acme.test, not ravi@acme.test/,
    );
    await expect(submit({ ratings: { ...GOOD, resolution: 9 } })).rejects.toThrow(
      /Resolution: 9 is out of range \(expected 1–5\)/,
    );
    await expect(submit({ failedItems: { tone: ['nope'] } })).rejects.toThrow(
      /"tone\/nope" is not a checklist item/,
    );
    await expect(submit({ scorecardVersionId: 'email@000000000000' })).rejects.toMatchObject({
      code: 'qa.scorecard.superseded',
    });
    await submit();
    await expect(submit()).rejects.toMatchObject({ code: 'qa.review.duplicate' });
    await expect(qa.claim(flagId, REVIEWER)).rejects.toThrow(/is reviewed; there is nothing left to review/);

    const other = await flag('101');
    await qa.discard(other, LEAD);
    await expect(qa.claim(other, REVIEWER)).rejects.toThrow(/is discarded/);
  });

  it('self-review is allowed when configured', async () => {
    const { qa, flag } = await qaWorld(store, { allowSelfReview: true });
    const flagId = await flag();
    expect((await qa.claim(flagId, AGENT)).claimedBy).toBe(AGENT);
  });

  it('disputes only by the agent, with a comment, within the window, once at a time', async () => {
    const { qa, flag, advance } = await qaWorld(store, { disputeWindowDays: 3 });
    const flagId = await flag();
    const form = await qa.reviewForm(flagId);
    const { review } = await qa.submitReview({
      flagId,
      reviewer: REVIEWER,
      scorecardVersionId: form.scorecard.versionId,
      ratings: GOOD,
      comment: '',
    });
    await expect(qa.dispute({ reviewId: review.id, agent: REVIEWER, comment: 'x' })).rejects.toThrow(
      /only the reviewed agent/,
    );
    await expect(qa.dispute({ reviewId: review.id, agent: AGENT, comment: '  ' })).rejects.toThrow(
      /needs a comment/,
    );
    await expect(
      qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'x', proposed: { ...GOOD, tone: 7 } }),
    ).rejects.toThrow(/Tone: 7 is out of range/);
    advance(3.5);
    await expect(qa.dispute({ reviewId: review.id, agent: AGENT, comment: 'late' })).rejects.toThrow(
      /dispute window for review .* closed on 2026-02-05/,
    );
  });

  it('an edited scorecard is a new version; the old review keeps its own and a stale form is refused', async () => {
    const { qa, flag, folder } = await qaWorld(store);
    const first = await flag('100');
    const v1 = (await qa.reviewForm(first)).scorecard;
    const { review } = await qa.submitReview({
      flagId: first,
      reviewer: REVIEWER,
      scorecardVersionId: v1.versionId,
      ratings: GOOD,
      comment: '',
    });

    const second = await flag('101');
    const staleForm = (await qa.reviewForm(second)).scorecard.versionId;
    const base = aScorecardYaml();
    const categories = (base.categories as Record<string, unknown>[]).map((c) =>
      c.id === 'tone' ? { ...c, weight: 50 } : c,
    );
    writeFileSync(join(folder, 'email.yaml'), stringify({ ...base, categories }));
    const v2 = qa.reloadScorecards().scorecards[0];
    expect(v2?.versionId).not.toBe(v1.versionId);
    await expect(
      qa.submitReview({
        flagId: second,
        reviewer: REVIEWER,
        scorecardVersionId: staleForm,
        ratings: GOOD,
        comment: '',
      }),
    ).rejects.toThrow(/opened with scorecard email@\w+, but email@\w+ applies now/);

    expect((await store.qaReviews.get(review.id))?.scorecardVersionId).toBe(v1.versionId);
    // the old review's dispute is checked and rescored against v1, not the edited file
    const { dispute } = await qa.dispute({
      reviewId: review.id,
      agent: AGENT,
      comment: 'tone',
      proposed: { ...GOOD, tone: 4 },
    });
    const { review: rescored } = await qa.resolveDispute({
      disputeId: dispute.id,
      by: REVIEWER,
      decision: 'accept',
    });
    expect(rescored.score).toBe(85);
  });

  it('round-robin assignment balances open claims and skips the ticket’s own agent', async () => {
    const { qa, flag } = await qaWorld(store, { reviewers: [AGENT, REVIEWER, 'ravi@acme.test'] });
    await flag('100');
    await flag('101');
    await flag('102');
    const assigned = [await qa.assignNext(), await qa.assignNext(), await qa.assignNext()];
    expect(assigned.map((f) => f?.claimedBy)).toEqual([REVIEWER, 'ravi@acme.test', REVIEWER]);
    expect(await qa.assignNext()).toBeNull();
  });
});
