import type { QaReview } from '../../store/repositories/qa-reviews.js';
import type { QaContext } from './context.js';
import { sameIdentity } from './errors.js';
import type { ScorecardDefinition } from './scorecard.js';
import { iqs, round2 } from './scoring.js';

/** `casebridge qa report` and Slack `qa report`: IQS (calibration excluded) and what drives it. */

export interface QaReportOptions {
  days?: number;
  /** Group record id. */
  group?: string | undefined;
  /** Agent email or record id. */
  agent?: string | undefined;
}

export interface IqsRow {
  key: string;
  reviews: number;
  iqs: number | null;
  /** IQS of the period of the same length just before. */
  previousIqs: number | null;
  /** iqs − previousIqs, in points. */
  trend: number | null;
}

export interface QaReport {
  period: { from: string; to: string; days: number };
  filters: { group: string | null; agent: string | null };
  reviews: number;
  iqs: number | null;
  previousIqs: number | null;
  agents: IqsRow[];
  groups: IqsRow[];
  categories: {
    scorecard: string;
    category: string;
    name: string;
    rated: number;
    na: number;
    average: number | null;
    failed: number;
  }[];
  failedItems: { scorecard: string; category: string; item: string; text: string; count: number }[];
  reviewers: { reviewer: string; reviews: number; calibrations: number; claimed: number }[];
  openDisputes: {
    id: string;
    reviewId: string;
    ticketId: string;
    agent: string;
    reviewer: string;
    openedAt: string;
  }[];
}

const DAY = 86_400_000;
export const agentKey = (r: QaReview) => r.agentEmail ?? r.agentId ?? 'unassigned';

function matches(r: QaReview, options: QaReportOptions): boolean {
  if (options.group !== undefined && r.groupId !== options.group) return false;
  if (
    options.agent !== undefined &&
    !sameIdentity(r.agentEmail, options.agent) &&
    !sameIdentity(r.agentId, options.agent)
  )
    return false;
  return true;
}

function iqsOf(reviews: readonly QaReview[]): number | null {
  const value = iqs(reviews.map((r) => r.score));
  return value === null ? null : round2(value);
}

function iqsRows(current: QaReview[], previous: QaReview[], key: (r: QaReview) => string): IqsRow[] {
  const keys = [...new Set(current.map(key))].sort();
  return keys.map((k) => {
    const now = current.filter((r) => key(r) === k);
    const before = iqsOf(previous.filter((r) => key(r) === k));
    const value = iqsOf(now);
    return {
      key: k,
      reviews: now.length,
      iqs: value,
      previousIqs: before,
      trend: value === null || before === null ? null : round2(value - before),
    };
  });
}

export async function reviewsInPeriod(ctx: QaContext, options: QaReportOptions) {
  const days = options.days ?? 30;
  const to = ctx.now();
  const from = new Date(to.getTime() - days * DAY);
  const before = new Date(from.getTime() - days * DAY);
  const list = (a: Date, b: Date) =>
    ctx.store.qaReviews
      .listCreated('review', a.toISOString(), b.toISOString())
      .then((rs) => rs.filter((r) => matches(r, options)));
  return {
    period: { from: from.toISOString(), to: to.toISOString(), days },
    // A review submitted this very millisecond belongs to the period.
    current: await list(from, new Date(to.getTime() + 1)),
    previous: await list(before, from),
  };
}

export async function definitionsOf(ctx: QaContext, reviews: readonly QaReview[]) {
  const definitions = new Map<string, ScorecardDefinition>();
  for (const id of new Set(reviews.map((r) => r.scorecardVersionId)))
    definitions.set(id, await ctx.catalog.definition(id));
  return definitions;
}

export async function qaReport(ctx: QaContext, options: QaReportOptions): Promise<QaReport> {
  const { period, current, previous } = await reviewsInPeriod(ctx, options);
  const definitions = await definitionsOf(ctx, current);
  const end = new Date(Date.parse(period.to) + 1).toISOString();
  const calibrations = await ctx.store.qaReviews.listCreated('calibration', period.from, end);
  return {
    period,
    filters: { group: options.group ?? null, agent: options.agent ?? null },
    reviews: current.length,
    iqs: iqsOf(current),
    previousIqs: iqsOf(previous),
    agents: iqsRows(current, previous, agentKey),
    groups: iqsRows(current, previous, (r) => r.groupId ?? 'no group'),
    ...breakdown(current, definitions),
    reviewers: await workload(ctx, current, calibrations),
    openDisputes: await openDisputes(ctx, options),
  };
}

function breakdown(reviews: readonly QaReview[], definitions: Map<string, ScorecardDefinition>) {
  const categories = new Map<string, QaReport['categories'][number] & { sum: number }>();
  const items = new Map<string, QaReport['failedItems'][number]>();
  for (const review of reviews) {
    const definition = definitions.get(review.scorecardVersionId);
    if (definition === undefined) continue;
    for (const c of definition.categories) {
      const key = `${definition.id}/${c.id}`;
      const row = categories.get(key) ?? {
        scorecard: definition.id,
        category: c.id,
        name: c.name,
        rated: 0,
        na: 0,
        average: null,
        failed: 0,
        sum: 0,
      };
      const score = review.categoryScores[c.id];
      if (score === undefined) row.na += 1;
      else {
        row.rated += 1;
        row.sum += score;
        if (score < 50) row.failed += 1;
      }
      categories.set(key, row);
      for (const itemId of review.failedItems[c.id] ?? []) {
        const text = c.checklist.find((i) => i.id === itemId)?.text ?? itemId;
        const itemKey = `${key}/${itemId}`;
        const item = items.get(itemKey) ?? {
          scorecard: definition.id,
          category: c.id,
          item: itemId,
          text,
          count: 0,
        };
        item.count += 1;
        items.set(itemKey, item);
      }
    }
  }
  return {
    categories: [...categories.values()].map(({ sum, ...row }) => ({
      ...row,
      average: row.rated === 0 ? null : round2(sum / row.rated),
    })),
    failedItems: [...items.values()]
      .sort((a, b) => b.count - a.count || a.item.localeCompare(b.item))
      .slice(0, 10),
  };
}

async function workload(ctx: QaContext, reviews: readonly QaReview[], calibrations: readonly QaReview[]) {
  const claimed = await ctx.store.qaReviews.claimedCounts();
  const names = [
    ...new Set([
      ...reviews.map((r) => r.reviewer),
      ...calibrations.map((r) => r.reviewer),
      ...claimed.keys(),
    ]),
  ].sort();
  return names.map((reviewer) => ({
    reviewer,
    reviews: reviews.filter((r) => r.reviewer === reviewer).length,
    calibrations: calibrations.filter((r) => r.reviewer === reviewer).length,
    claimed: claimed.get(reviewer) ?? 0,
  }));
}

async function openDisputes(ctx: QaContext, options: QaReportOptions): Promise<QaReport['openDisputes']> {
  const rows: QaReport['openDisputes'] = [];
  for (const d of await ctx.store.qaDisputes.listOpen()) {
    const review = await ctx.store.qaReviews.get(d.reviewId);
    if (review === null || !matches(review, options)) continue;
    rows.push({
      id: d.id,
      reviewId: d.reviewId,
      ticketId: review.ticketId,
      agent: d.agent,
      reviewer: review.reviewer,
      openedAt: d.openedAt,
    });
  }
  return rows;
}
