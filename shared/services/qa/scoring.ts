import { SCALE_RANGE, type ScorecardCategory, type ScorecardDefinition } from './scorecard.js';

/**
 * The Zendesk QA formulas (FACTS/cs-domain.md, "QA scorecards"):
 * - category score = (selected − scale_min) / (scale_max − scale_min) × 100
 * - review score = Σ(category × weight) / Σ(weight) over rated categories (N/A leaves the denominator)
 * - any critical category under 50% makes the review 0 (the per-category scores keep their value)
 * - IQS = mean of review scores
 */

/** What a reviewer selected per category: a point on the scale, or `na`. */
export type Rating = number | 'na';
export type Ratings = Record<string, Rating>;

export function categoryScore(category: Pick<ScorecardCategory, 'scale'>, selected: number): number {
  const { min, max } = SCALE_RANGE[category.scale];
  return ((selected - min) / (max - min)) * 100;
}

export interface ScoredReview {
  /** 0–100, or null when nothing weighted was rated (refused on submission). */
  score: number | null;
  /** Per rated category, before any critical zeroing (the per-category view ignores it). */
  categories: Record<string, number>;
  /** Critical categories under 50% that zeroed the review. */
  criticalFailures: string[];
}

export function scoreReview(definition: ScorecardDefinition, ratings: Ratings): ScoredReview {
  const categories: Record<string, number> = {};
  const criticalFailures: string[] = [];
  let weighted = 0;
  let weights = 0;
  for (const category of definition.categories) {
    const selected = ratings[category.id];
    if (selected === undefined || selected === 'na') continue;
    const score = categoryScore(category, selected);
    categories[category.id] = score;
    weighted += score * category.weight;
    weights += category.weight;
    if (category.critical && score < 50) criticalFailures.push(category.id);
  }
  if (weights === 0) return { score: null, categories, criticalFailures };
  return { score: criticalFailures.length > 0 ? 0 : weighted / weights, categories, criticalFailures };
}

/** Mean of review scores; null for no reviews (not 0: nothing was measured). */
export function iqs(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Every problem with a set of ratings, each saying which category and what is allowed — the
 * Slack modal shows these next to the inputs. An empty list means the ratings are valid.
 */
export function ratingProblems(definition: ScorecardDefinition, ratings: Ratings): string[] {
  const problems: string[] = [];
  const known = new Set(definition.categories.map((c) => c.id));
  for (const id of Object.keys(ratings))
    if (!known.has(id)) problems.push(`"${id}" is not a category of scorecard "${definition.id}"`);
  for (const category of definition.categories) {
    const problem = ratingProblem(category, ratings[category.id]);
    if (problem !== null) problems.push(problem);
  }
  if (problems.length === 0 && scoreReview(definition, ratings).score === null)
    problems.push('rate at least one category that has a weight (they are all N/A)');
  return problems;
}

function ratingProblem(category: ScorecardCategory, rating: Rating | undefined): string | null {
  const { min, max } = SCALE_RANGE[category.scale];
  const allowed = `${min}–${max}${category.naAllowed ? ' or N/A' : ''}`;
  if (rating === undefined) return `${category.name}: no rating (expected ${allowed})`;
  if (rating === 'na')
    return category.naAllowed ? null : `${category.name}: N/A is not allowed (expected ${min}–${max})`;
  if (!Number.isInteger(rating) || rating < min || rating > max)
    return `${category.name}: ${rating} is out of range (expected ${allowed})`;
  return null;
}
