import type { QaCalibration } from '../../store/repositories/qa-calibrations.js';
import type { QaReview } from '../../store/repositories/qa-reviews.js';
import { isUniqueViolation, type QaContext, ticketOrThrow } from './context.js';
import { qaError, sameIdentity } from './errors.js';
import { refuseBadRatings } from './flow.js';
import { type Ratings, round2, scoreReview } from './scoring.js';

/**
 * Calibration: several reviewers score one ticket blind against one pinned scorecard version.
 * Scores stay hidden until everyone has submitted (or a lead closes the session); the spread per
 * category is then reported. Calibration reviews are stored apart (kind `calibration`) and never
 * count toward IQS.
 */

export interface CategorySpread {
  categoryId: string;
  name: string;
  scores: { reviewer: string; score: number | null }[];
  min: number | null;
  max: number | null;
  /** max − min: how far apart the reviewers are (0 = calibrated). */
  spread: number | null;
  stdDev: number | null;
}

export interface CalibrationResult {
  calibration: QaCalibration;
  submitted: string[];
  pending: string[];
  /** Null while the session is blind. */
  results: { reviews: { reviewer: string; score: number }[]; categories: CategorySpread[] } | null;
}

export async function startCalibration(
  ctx: QaContext,
  input: { ticketId: string; reviewers: string[]; startedBy: string },
): Promise<QaCalibration> {
  const leads = ctx.config().leads;
  if (leads.length > 0 && !leads.some((l) => sameIdentity(l, input.startedBy)))
    throw qaError(
      'calibration.not-lead',
      `only a QA lead may start a calibration session (${leads.join(', ')})`,
    );
  const reviewers = [...new Set(input.reviewers)];
  if (reviewers.length < 2)
    throw qaError('calibration.reviewers', 'a calibration needs at least two reviewers');
  const ticket = await ticketOrThrow(ctx.store, input.ticketId);
  const scorecard = ctx.catalog.forTicket(ticket);
  if (scorecard === null) throw qaError('scorecard.none', `no scorecard applies to ticket ${ticket.number}`);
  const at = ctx.now().toISOString();
  const calibration: QaCalibration = {
    id: ctx.newId('cal'),
    ticketId: ticket.id,
    scorecardVersionId: scorecard.versionId,
    reviewers,
    startedBy: input.startedBy,
    startedAt: at,
    closedAt: null,
  };
  await ctx.store.transaction(async (tx) => {
    await ctx.catalog.pin(tx, scorecard, at);
    await tx.qaCalibrations.add(calibration);
  });
  return calibration;
}

async function calibrationOrThrow(ctx: QaContext, id: string): Promise<QaCalibration> {
  const calibration = await ctx.store.qaCalibrations.get(id);
  if (calibration === null) throw qaError('calibration.unknown', `there is no calibration session ${id}`);
  return calibration;
}

export async function submitCalibration(
  ctx: QaContext,
  input: { calibrationId: string; reviewer: string; ratings: Ratings; comment: string },
): Promise<QaReview> {
  const calibration = await calibrationOrThrow(ctx, input.calibrationId);
  if (calibration.closedAt !== null)
    throw qaError('calibration.closed', `calibration ${calibration.id} is closed`);
  const reviewer = calibration.reviewers.find((r) => sameIdentity(r, input.reviewer));
  if (reviewer === undefined)
    throw qaError(
      'calibration.not-invited',
      `${input.reviewer} is not a reviewer of calibration ${calibration.id}`,
    );
  const definition = await ctx.catalog.definition(calibration.scorecardVersionId);
  refuseBadRatings(definition, input.ratings, {});
  const ticket = await ticketOrThrow(ctx.store, calibration.ticketId);
  const scored = scoreReview(definition, input.ratings);
  const at = ctx.now().toISOString();
  const review: QaReview = {
    id: ctx.newId('rev'),
    kind: 'calibration',
    flagId: null,
    calibrationId: calibration.id,
    ticketId: ticket.id,
    scorecardVersionId: calibration.scorecardVersionId,
    reviewer,
    agentId: ticket.assigneeId,
    agentEmail: null,
    groupId: ticket.groupId,
    ratings: input.ratings,
    failedItems: {},
    categoryScores: scored.categories,
    score: scored.score ?? 0,
    comment: input.comment,
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    notifiedAt: null,
  };
  try {
    await ctx.store.qaReviews.insert(review);
  } catch (error) {
    if (isUniqueViolation(error))
      throw qaError('review.duplicate', `${reviewer} has already scored calibration ${calibration.id}`);
    throw error;
  }
  return review;
}

export async function closeCalibration(ctx: QaContext, id: string): Promise<void> {
  await calibrationOrThrow(ctx, id);
  await ctx.store.qaCalibrations.close(id, ctx.now().toISOString());
}

export async function calibrationResult(ctx: QaContext, id: string): Promise<CalibrationResult> {
  const calibration = await calibrationOrThrow(ctx, id);
  const reviews = await ctx.store.qaReviews.listForCalibration(id);
  const submitted = reviews.map((r) => r.reviewer);
  const pending = calibration.reviewers.filter((r) => !submitted.includes(r));
  const blind = pending.length > 0 && calibration.closedAt === null;
  if (blind) return { calibration, submitted, pending, results: null };
  const definition = await ctx.catalog.definition(calibration.scorecardVersionId);
  const categories = definition.categories.map((c) =>
    spreadOf(
      c.id,
      c.name,
      reviews.map((r) => ({ reviewer: r.reviewer, score: r.categoryScores[c.id] ?? null })),
    ),
  );
  return {
    calibration,
    submitted,
    pending,
    results: { reviews: reviews.map((r) => ({ reviewer: r.reviewer, score: round2(r.score) })), categories },
  };
}

export function spreadOf(
  categoryId: string,
  name: string,
  scores: { reviewer: string; score: number | null }[],
): CategorySpread {
  const rated = scores.flatMap((s) => (s.score === null ? [] : [s.score]));
  if (rated.length === 0)
    return { categoryId, name, scores, min: null, max: null, spread: null, stdDev: null };
  const min = Math.min(...rated);
  const max = Math.max(...rated);
  const mean = rated.reduce((a, b) => a + b, 0) / rated.length;
  const variance = rated.reduce((a, b) => a + (b - mean) ** 2, 0) / rated.length;
  return {
    categoryId,
    name,
    scores: scores.map((s) => ({ reviewer: s.reviewer, score: s.score === null ? null : round2(s.score) })),
    min: round2(min),
    max: round2(max),
    spread: round2(max - min),
    stdDev: round2(Math.sqrt(variance)),
  };
}
