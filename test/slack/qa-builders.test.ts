import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import { qaQueueMessage } from '../../apps/slack-bot/blocks/qa.js';
import { disputeModal, resolveModal } from '../../apps/slack-bot/blocks/qa-dispute.js';
import {
  disputeOutcomeMessage,
  reviewDisputedMessage,
  reviewScoredMessage,
} from '../../apps/slack-bot/blocks/qa-notify.js';
import { qaReportMessage } from '../../apps/slack-bot/blocks/qa-report.js';
import {
  MAX_MODAL_CATEGORIES,
  reviewModal,
  reviewSavedModal,
} from '../../apps/slack-bot/blocks/qa-review.js';
import type { ModalView } from '../../apps/slack-bot/blocks/types.js';
import { createDirectory } from '../../apps/slack-bot/qa/directory.js';
import { QA_VIEW } from '../../apps/slack-bot/qa/ids.js';
import { ratingChoices, readFailedItems, readRatings } from '../../apps/slack-bot/qa/ratings.js';
import { webClientOptions } from '../../apps/slack-bot/slack-api.js';
import type { QaFlag } from '../../shared/domain/index.js';
import type {
  QaDispute,
  QaNotification,
  QaReport,
  QaReview,
  ReviewForm,
} from '../../shared/services/qa/index.js';
import { ScorecardDefinition } from '../../shared/services/qa/scorecard.js';
import { aTicket } from '../helpers/records.js';
import { type FakeSlack, silentLog, startFakeSlack } from './harness.js';
import { inputs } from './qa-world.js';

const HUGE = 'x<@U1>&'.repeat(600); // 4,200 characters of hostile text
const SCALES = ['binary', '3-point', '4-point', '5-point'] as const;

/** A scorecard of `count` categories, every text as long and hostile as it gets. */
function scorecard(count: number): ScorecardDefinition {
  return ScorecardDefinition.parse({
    id: 'huge',
    name: HUGE,
    description: HUGE,
    categories: Array.from({ length: count }, (_, i) => ({
      id: `c${i}`,
      name: `${i} ${HUGE}`,
      description: HUGE,
      weight: 1,
      scale: SCALES[i % 4],
      naAllowed: i % 2 === 0,
      critical: i % 3 === 0,
      checklist: Array.from({ length: 150 }, (_, j) => ({ id: `i${j}`, text: `${j} ${HUGE}` })),
    })),
  });
}

const flag: QaFlag = {
  id: 'flag-1',
  ticketId: 'zendesk-main:1',
  flaggedBy: 'slack:U123',
  reason: HUGE,
  category: null,
  severity: 'high',
  permalink: null,
  source: 'slack',
  status: 'claimed',
  createdAt: '2026-01-05T10:00:00.000Z',
  claimedBy: 'rita@acme.test',
  claimedAt: '2026-01-05T10:05:00.000Z',
};
const ticket = aTicket({ source: 'zendesk-main', externalId: '1', subject: HUGE });
const form = (count: number): ReviewForm => ({
  flag,
  ticket,
  scorecard: {
    versionId: 'huge@abc',
    id: 'huge',
    version: 'abc',
    file: 'huge.yaml',
    definition: scorecard(count),
  },
});
const meta = { flagId: flag.id, versionId: 'huge@abc', reviewer: 'rita@acme.test', userId: 'UQA' };

function review(definition: ScorecardDefinition): QaReview {
  return {
    id: 'rev-1',
    kind: 'review',
    flagId: flag.id,
    calibrationId: null,
    ticketId: ticket.id,
    scorecardVersionId: 'huge@abc',
    reviewer: 'slack:UQA',
    agentId: 'zendesk-main:ana',
    agentEmail: 'ana@acme.test',
    groupId: null,
    ratings: Object.fromEntries(definition.categories.map((c) => [c.id, c.naAllowed ? 'na' : 1])),
    failedItems: {},
    categoryScores: Object.fromEntries(definition.categories.map((c) => [c.id, 33.333])),
    score: 33.33,
    comment: HUGE,
    status: 'disputed',
    createdAt: '2026-01-05T12:00:00.000Z',
    updatedAt: '2026-01-05T12:00:00.000Z',
    notifiedAt: null,
  };
}
const dispute = (proposed: QaDispute['proposed']): QaDispute => ({
  id: 'dsp-1',
  reviewId: 'rev-1',
  agent: 'ana@acme.test',
  comment: HUGE,
  proposed,
  status: 'open',
  openedAt: '2026-01-06T09:00:00.000Z',
  resolvedBy: null,
  resolvedAt: null,
  resolutionNote: null,
});

describe('QA Block Kit builders stay within Slack’s limits', () => {
  it(`a review modal of ${MAX_MODAL_CATEGORIES} huge categories is valid: one select per category, 100 blocks`, () => {
    const view = reviewModal(form(MAX_MODAL_CATEGORIES), meta);
    assertWithinLimits({ kind: 'modal', view });
    expect(view.callback_id).toBe(QA_VIEW.review);
    expect(view.blocks).toHaveLength(100);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual(meta);
    const fields = inputs(view);
    expect(fields.get('qa.rating.0')?.hint?.text).toMatch(/^x<@U1>&/); // plain text: shown as typed
    expect(fields.get('qa.failed')?.element.type).toBe('multi_static_select');
  });

  it('one category more gets a modal saying why and how to review instead, never an invalid view', () => {
    const view = reviewModal(form(MAX_MODAL_CATEGORIES + 1), meta);
    assertWithinLimits({ kind: 'modal', view });
    expect(view.callback_id).toBe(QA_VIEW.info);
    expect(view.submit).toBeUndefined();
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(
      `has ${MAX_MODAL_CATEGORIES + 1} categories; a Slack form fits ${MAX_MODAL_CATEGORIES}`,
    );
    expect(text).toContain('casebridge qa review flag-1');
    expect(text).not.toContain('<@U1>');
  });

  it('rating selects offer the scale (with its score) and N/A only where the category allows it', () => {
    const [binary, three, four, five] = scorecard(4).categories;
    expect(ratingChoices({ ...binary, naAllowed: false } as never).map((c) => c.label)).toEqual([
      'Pass (100%)',
      'Fail (0%)',
    ]);
    expect(ratingChoices(three as never).map((c) => c.value)).toEqual(['3', '2', '1']);
    expect(ratingChoices(four as never).map((c) => c.label)).toContain('2 – fair (33%)');
    expect(ratingChoices(five as never).map((c) => c.value)).toEqual(['5', '4', '3', '2', '1']);
    expect(ratingChoices({ ...five, naAllowed: true } as never).at(-1)?.value).toBe('na');
  });

  it('submitted ratings are read back strictly: unknown options, out of range, N/A where refused, missing', () => {
    const definition = scorecard(4);
    const pick = (index: number, value: string) => ({
      [`qa.rating.${index}`]: { [`qa.rating.${index}`]: { selected_option: { value } } },
    });
    const read = readRatings(
      definition,
      { ...pick(0, 'na'), ...pick(1, '0'), ...pick(2, '<script>') },
      { required: true },
    );
    expect(Object.keys(read.errors).sort()).toEqual(['qa.rating.1', 'qa.rating.2', 'qa.rating.3']);
    expect(read.ratings).toEqual({ c0: 'na' });
    expect(read.errors['qa.rating.1']).toContain('“0” is not a rating');
    const kept = readRatings(definition, pick(1, '3'), {
      required: false,
      initial: { c0: 1, c1: 1, c2: 4, c3: 5 },
    });
    expect(kept).toEqual({ ratings: { c0: 1, c1: 3, c2: 4, c3: 5 }, changed: ['c1'], errors: {} });
    const failed = readFailedItems(definition, {
      'qa.failed': {
        'qa.failed': { selected_options: [{ value: '1.2' }, { value: '9.9' }, { value: '1.2x' }] },
      },
    });
    expect(failed.failed).toEqual({ c1: ['i2'] });
    expect(failed.error).toContain('9.9, 1.2x are not checklist items');
  });

  it('dispute and resolve modals fit with the most categories they show, and drop the ratings past that', () => {
    for (const count of [4, 97, 98]) {
      const definition = scorecard(count);
      const views: ModalView[] = [
        disputeModal({
          review: review(definition),
          definition,
          ticketNumber: HUGE,
          meta: { reviewId: 'rev-1', userId: 'U' },
        }),
        resolveModal({
          decision: 'accept',
          dispute: dispute(review(definition).ratings),
          review: review(definition),
          definition,
          meta: { disputeId: 'dsp-1', decision: 'accept', userId: 'U' },
        }),
        resolveModal({
          decision: 'reject',
          dispute: dispute(null),
          review: review(definition),
          definition,
          meta: { disputeId: 'dsp-1', decision: 'reject', userId: 'U' },
        }),
      ];
      for (const view of views) assertWithinLimits({ kind: 'modal', view });
      expect(inputs(views[0] as ModalView).has('qa.rating.0')).toBe(count <= 97);
    }
    const definition = scorecard(98);
    const cannot = resolveModal({
      decision: 'accept',
      dispute: dispute(null),
      review: review(definition),
      definition,
      meta: { disputeId: 'dsp-1', decision: 'accept', userId: 'U' },
    });
    expect(cannot.callback_id).toBe(QA_VIEW.info);
  });

  it('DMs and the saved-review modal escape CRM and reviewer text and cut long lists', () => {
    const definition = scorecard(100);
    const notification: QaNotification = {
      kind: 'review.scored',
      to: { id: 'zendesk-main:ana', email: 'ana@acme.test', identity: 'ana@acme.test' },
      reviewId: 'rev-1',
      ticket: { id: ticket.id, number: '1', subject: HUGE, url: 'https://acme.zendesk.com/agent/tickets/1' },
      scorecard: HUGE,
      score: 0,
      categories: definition.categories.map((c) => ({ id: c.id, name: c.name, score: 50 })),
      criticalFailures: definition.categories.map((c) => c.id),
      comment: HUGE,
      disputeUntil: '2026-01-12T12:00:00.000Z',
      text: HUGE.repeat(20),
    };
    const now = new Date('2026-01-06T00:00:00.000Z');
    const bodies = [
      reviewScoredMessage(notification, now),
      reviewDisputedMessage({ ...notification, kind: 'review.disputed' }, 'dsp-1', Array(200).fill(HUGE)),
      disputeOutcomeMessage({ ...notification, kind: 'dispute.accepted' }),
    ];
    for (const body of bodies) {
      assertWithinLimits({ kind: 'message', body });
      expect(JSON.stringify(body.blocks)).not.toContain('<@U1>');
    }
    expect(JSON.stringify(bodies[0]?.blocks)).toContain('"action_id":"qa.dispute"');
    // Past the dispute window the button is gone.
    const late = reviewScoredMessage(notification, new Date('2026-02-01T00:00:00.000Z'));
    expect(JSON.stringify(late.blocks)).not.toContain('qa.dispute');
    assertWithinLimits({ kind: 'modal', view: reviewSavedModal(review(definition), definition, HUGE) });
  });

  it('the QA report and the queue (with Claim & review) fit one message whatever their size', () => {
    const row = (i: number) => ({ key: `${i}${HUGE}`, reviews: i, iqs: 50.5, previousIqs: 40, trend: 10.5 });
    const report: QaReport = {
      period: { from: '2025-12-06T12:00:00.000Z', to: '2026-01-05T12:00:00.000Z', days: 30 },
      filters: { group: null, agent: null },
      reviews: 500,
      iqs: 50.5,
      previousIqs: 40,
      agents: Array.from({ length: 500 }, (_, i) => row(i)),
      groups: Array.from({ length: 500 }, (_, i) => row(i)),
      categories: Array.from({ length: 500 }, (_, i) => ({
        scorecard: HUGE,
        category: `c${i}`,
        name: HUGE,
        rated: 10,
        na: 1,
        average: 20,
        failed: 3,
      })),
      failedItems: Array.from({ length: 10 }, (_, i) => ({
        scorecard: 's',
        category: 'c',
        item: `i${i}`,
        text: HUGE,
        count: 9,
      })),
      reviewers: Array.from({ length: 500 }, (_, i) => ({
        reviewer: `slack:U${i}`,
        reviews: 1,
        calibrations: 0,
        claimed: 2,
      })),
      openDisputes: Array.from({ length: 500 }, (_, i) => ({
        id: `d${i}`,
        reviewId: 'r',
        ticketId: HUGE,
        agent: HUGE,
        reviewer: 'slack:UQA',
        openedAt: '2026-01-01T00:00:00.000Z',
      })),
    };
    const message = qaReportMessage(report);
    assertWithinLimits({ kind: 'message', body: message });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('IQS *50.5%* ▲ 10.5');
    expect(json).toMatch(/\*Open disputes\*[^"]*…and 4\d\d more/); // cut, with the count of the rest
    expect(json).toContain('<@U0>'); // a Slack reviewer is mentioned, not shown as slack:U0
    expect(json).not.toContain('<@U1>&');
    const empty = qaReportMessage({
      ...report,
      reviews: 0,
      iqs: null,
      previousIqs: null,
      agents: [],
      groups: [],
      categories: [],
      failedItems: [],
      reviewers: [],
      openDisputes: [],
    });
    assertWithinLimits({ kind: 'message', body: empty });
    expect(JSON.stringify(empty.blocks)).toContain('No reviews in this period.');

    const flags = Array.from(
      { length: 300 },
      (_, i) => ({ ...flag, id: `f${i}`, status: i % 2 ? 'open' : 'claimed' }) as QaFlag,
    );
    const queue = qaQueueMessage(flags, 300, new Map([[ticket.id, ticket]]));
    assertWithinLimits({ kind: 'message', body: queue });
    expect(JSON.stringify(queue.blocks)).toContain('"text":"Claim & review"');
    expect(JSON.stringify(queue.blocks)).toContain('claimed by rita@acme.test');
  });
});

describe('the Slack directory behind QA DMs', () => {
  let fake: FakeSlack;
  let lookups = 0;
  beforeAll(async () => {
    fake = await startFakeSlack({
      reply: (path, body) => {
        if (path.endsWith('/users.lookupByEmail')) {
          lookups += 1;
          return body.email === 'ana@acme.test'
            ? { ok: true, user: { id: 'UANA' } }
            : { ok: false, error: 'users_not_found' };
        }
        if (path.endsWith('/users.info'))
          return { ok: true, user: { id: body.user, profile: { email: ' Rita@ACME.test ' } } };
        return undefined;
      },
    });
  });
  afterAll(() => fake.close());

  it('maps identities to Slack users, caches answers briefly, and does not cache a failure', async () => {
    let clock = 0;
    const client = new webApi.WebClient(
      'xoxb-test',
      webClientOptions({ apiUrl: fake.apiUrl, log: silentLog, retries: 0 }),
    );
    const directory = createDirectory(client, silentLog, () => clock);
    expect(await directory.userIdOf('slack:UQA')).toBe('UQA');
    expect(await directory.userIdOf('zendesk-main:ana')).toBeNull(); // a record id: nobody to look up
    expect(await directory.userIdOf('ANA@acme.test')).toBe('UANA');
    expect(await directory.userIdOf('ana@acme.test')).toBe('UANA');
    expect(lookups).toBe(1);
    expect(await directory.userIdOf('bob@acme.test')).toBeNull();
    expect(await directory.userIdOf('bob@acme.test')).toBeNull();
    expect(lookups).toBe(2); // "not found" is remembered for a minute…
    clock += 61_000;
    expect(await directory.userIdOf('bob@acme.test')).toBeNull();
    expect(lookups).toBe(3); // …then asked again
    expect(await directory.emailOf('UQA')).toBe('rita@acme.test');

    fake.queue('/api/users.info', { status: 200, body: { ok: false, error: 'ratelimited_or_broken' } });
    expect(await directory.emailOf('UOTHER')).toBeNull();
    expect(await directory.emailOf('UOTHER')).toBe('rita@acme.test'); // the failure was not cached
  });
});
