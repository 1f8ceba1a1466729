import { QaConfig } from '../../../shared/config/sections/qa.js';
import type { QaFlag, Ticket } from '../../../shared/domain/index.js';
import { type Scorecard, ScorecardDefinition } from '../../../shared/services/qa/scorecard.js';
import { round2 } from '../../../shared/services/qa/scoring.js';
import type { QaDispute } from '../../../shared/store/repositories/qa-disputes.js';
import type { QaReview } from '../../../shared/store/repositories/qa-reviews.js';
import type { SidebarQa, SidebarQaFlag, SidebarQaReview, SidebarScorecard } from '../src/api-types.js';
import type { SidebarContext } from './context.js';

const DAY_MS = 86_400_000;

export function scorecardView(scorecard: Scorecard): SidebarScorecard {
  const d = scorecard.definition;
  return {
    id: scorecard.id,
    name: d.name,
    version: scorecard.version,
    description: d.description ?? null,
    categories: d.categories.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description ?? null,
      weight: c.weight,
      scale: c.scale,
      naAllowed: c.naAllowed,
      critical: c.critical,
      checklist: c.checklist.map((item) => ({ id: item.id, text: item.text })),
    })),
  };
}

export function flagView(f: QaFlag): SidebarQaFlag {
  return {
    id: f.id,
    flaggedBy: f.flaggedBy,
    reason: f.reason,
    category: f.category,
    severity: f.severity,
    status: f.status,
    createdAt: f.createdAt,
    permalink: f.permalink,
  };
}

/**
 * The definitions the reviews were scored against: the loaded file when it is still that
 * version (no parsing), else the version pinned in the store when the review was submitted.
 */
async function definitionsOf(
  ctx: SidebarContext,
  reviews: readonly QaReview[],
): Promise<Map<string, { name: string; version: string; definition: ScorecardDefinition }>> {
  const wanted = new Set(reviews.map((r) => r.scorecardVersionId));
  const found = new Map<string, { name: string; version: string; definition: ScorecardDefinition }>();
  for (const card of ctx.services.qa.scorecards().scorecards)
    if (wanted.has(card.versionId))
      found.set(card.versionId, {
        name: card.definition.name,
        version: card.version,
        definition: card.definition,
      });
  const missing = [...wanted].filter((id) => !found.has(id));
  for (const stored of await ctx.store.qaScorecards.getMany(missing)) {
    const parsed = ScorecardDefinition.safeParse(stored.definition);
    if (parsed.success)
      found.set(stored.versionId, { name: stored.name, version: stored.version, definition: parsed.data });
    else
      ctx.log.warn({ versionId: stored.versionId }, 'sidebar: a stored scorecard version no longer parses');
  }
  return found;
}

/** The dispute that decides the review's state: the open one, else the latest. */
function currentDispute(disputes: readonly QaDispute[]): QaDispute | null {
  return (
    disputes.find((d) => d.status === 'open') ??
    [...disputes].sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0] ??
    null
  );
}

function reviewView(
  review: QaReview,
  scorecard: { name: string; version: string; definition: ScorecardDefinition } | undefined,
  disputes: readonly QaDispute[],
  windowDays: number,
): SidebarQaReview {
  const categories = (scorecard?.definition.categories ?? []).map((c) => {
    const score = review.categoryScores[c.id];
    return {
      id: c.id,
      name: c.name,
      critical: c.critical,
      score: score === undefined ? null : round2(score),
    };
  });
  // A review scored against a version the store no longer has still shows its raw category scores.
  if (scorecard === undefined)
    for (const [id, score] of Object.entries(review.categoryScores))
      categories.push({ id, name: id, critical: false, score: round2(score) });
  const dispute = currentDispute(disputes);
  return {
    id: review.id,
    score: round2(review.score),
    reviewer: review.reviewer,
    createdAt: review.createdAt,
    scorecard: scorecard === undefined ? null : { name: scorecard.name, version: scorecard.version },
    categories,
    criticalFailures: categories
      .filter((c) => c.critical && c.score !== null && c.score < 50)
      .map((c) => c.name),
    comment: review.comment,
    status: review.status,
    disputeUntil: new Date(Date.parse(review.createdAt) + windowDays * DAY_MS).toISOString(),
    dispute:
      dispute === null
        ? null
        : {
            status: dispute.status,
            openedAt: dispute.openedAt,
            resolvedAt: dispute.resolvedAt,
            resolutionNote: dispute.resolutionNote,
          },
  };
}

/** The ticket's QA: the checklist that applies (to self-check against), its reviews and flags. */
export async function qaOf(ctx: SidebarContext, ticket: Ticket): Promise<SidebarQa> {
  const { scorecard, flags, reviews } = await ctx.services.qa.ticketQa(ticket.id);
  const [definitions, disputes] = await Promise.all([
    definitionsOf(ctx, reviews),
    Promise.all(reviews.map((r) => ctx.store.qaDisputes.listForReview(r.id))),
  ]);
  const windowDays = (ctx.config().qa ?? QaConfig.parse({})).disputeWindowDays;
  return {
    scorecard: scorecard === null ? null : scorecardView(scorecard),
    reviews: reviews
      .map((r, i) => reviewView(r, definitions.get(r.scorecardVersionId), disputes[i] ?? [], windowDays))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    flags: flags.map(flagView),
  };
}
