import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScorecard } from '../../shared/services/qa/load.js';
import type { Scorecard } from '../../shared/services/qa/scorecard.js';
import { categoryScore, iqs, ratingProblems, round2, scoreReview } from '../../shared/services/qa/scoring.js';
import { aScorecardYaml } from './fixtures.js';

function card(overrides: Record<string, unknown> = {}): Scorecard {
  const result = parseScorecard(stringify(aScorecardYaml(overrides)), 'email.yaml');
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result;
}

describe('the Zendesk QA formulas (FACTS/cs-domain.md)', () => {
  it('IQS of reviews 100, 9.91, 63.96, 90.99 and 0 is 52.97%', () => {
    expect(round2(iqs([100, 9.91, 63.96, 90.99, 0]) ?? Number.NaN)).toBe(52.97);
    expect(iqs([])).toBeNull();
  });

  it('category scores on every scale', () => {
    const points = (scale: 'binary' | '3-point' | '4-point' | '5-point', ratings: number[]) =>
      ratings.map((r) => Math.floor(categoryScore({ scale }, r) * 10) / 10);
    expect(points('binary', [0, 1])).toEqual([0, 100]);
    expect(points('3-point', [1, 2, 3])).toEqual([0, 50, 100]);
    expect(points('4-point', [1, 2, 3, 4])).toEqual([0, 33.3, 66.6, 100]);
    expect(points('5-point', [1, 2, 3, 4, 5])).toEqual([0, 25, 50, 75, 100]);
  });

  it('review score is the weighted mean over rated categories; N/A leaves the denominator', () => {
    const { definition } = card();
    // greeting 100×10, resolution 75×60, tone 66.67×30 → (1000 + 4500 + 2000) / 100
    const all = scoreReview(definition, { greeting: 1, resolution: 4, tone: 3, compliance: 'na' });
    expect(round2(all.score ?? -1)).toBe(75);
    // tone N/A: (1000 + 4500) / 70
    const na = scoreReview(definition, { greeting: 1, resolution: 4, tone: 'na', compliance: 'na' });
    expect(round2(na.score ?? -1)).toBe(78.57);
    expect(scoreReview(definition, { greeting: 1, resolution: 5, tone: 'na', compliance: 'na' }).score).toBe(
      100,
    );
  });

  it('a critical category under 50% zeroes the review but keeps its per-category scores', () => {
    const { definition } = card();
    const failed = scoreReview(definition, { greeting: 1, resolution: 5, tone: 4, compliance: 1 });
    expect(failed.score).toBe(0);
    expect(failed.criticalFailures).toEqual(['compliance']);
    expect(failed.categories).toMatchObject({ greeting: 100, resolution: 100, tone: 100, compliance: 0 });
    // exactly 50% is not under 50%; weight 0 leaves the mean alone
    expect(scoreReview(definition, { greeting: 1, resolution: 5, tone: 4, compliance: 2 }).score).toBe(100);
  });

  it('ratings out of range, N/A where not allowed, missing and unknown categories are named', () => {
    const { definition } = card();
    expect(ratingProblems(definition, { greeting: 1, resolution: 3, tone: 'na', compliance: 3 })).toEqual([]);
    expect(ratingProblems(definition, { greeting: 2, resolution: 6, tone: 2.5, extra: 1 })).toEqual([
      '"extra" is not a category of scorecard "email"',
      'Greeting: 2 is out of range (expected 0–1)',
      'Resolution: 6 is out of range (expected 1–5)',
      'Tone: 2.5 is out of range (expected 1–4 or N/A)',
      'Compliance: no rating (expected 1–3 or N/A)',
    ]);
    expect(ratingProblems(definition, { greeting: 'na', resolution: 3, tone: 2, compliance: 2 })).toEqual([
      'Greeting: N/A is not allowed (expected 0–1)',
    ]);
  });

  it('refuses ratings where every weighted category is N/A', () => {
    const { definition } = card({
      categories: [
        {
          id: 'a',
          name: 'A',
          weight: 50,
          scale: 'binary',
          naAllowed: true,
          checklist: [{ id: 'x', text: 'X' }],
        },
        { id: 'b', name: 'B', weight: 0, scale: 'binary', checklist: [{ id: 'y', text: 'Y' }] },
      ],
    });
    expect(ratingProblems(definition, { a: 'na', b: 1 })).toEqual([
      'rate at least one category that has a weight (they are all N/A)',
    ]);
  });
});
