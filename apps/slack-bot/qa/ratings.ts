import {
  categoryScore,
  type Rating,
  type Ratings,
  SCALE_RANGE,
  type Scale,
  type ScorecardCategory,
  type ScorecardDefinition,
} from '../../../shared/services/qa/index.js';
import { QA_BLOCK } from './ids.js';

/**
 * What a rating select offers and how a submitted modal is read back: pure, shared by the review,
 * dispute and resolve modals. Option values are short (`3`, `na`, `2.0`) so they stay within
 * Block Kit's 75 characters whatever the scorecard's ids are.
 */

const WORDS: Record<Scale, readonly string[]> = {
  binary: ['Fail', 'Pass'],
  '3-point': ['poor', 'acceptable', 'good'],
  '4-point': ['poor', 'fair', 'good', 'excellent'],
  '5-point': ['very poor', 'poor', 'acceptable', 'good', 'excellent'],
};
export const NA = 'na';

export interface RatingChoice {
  value: string;
  label: string;
}

/** Every point of the category's scale (with the score it gives), plus N/A when allowed. */
export function ratingChoices(category: Pick<ScorecardCategory, 'scale' | 'naAllowed'>): RatingChoice[] {
  const { min, max } = SCALE_RANGE[category.scale];
  const words = WORDS[category.scale];
  const choices: RatingChoice[] = [];
  for (let point = max; point >= min; point -= 1) {
    const word = words[point - min] ?? String(point);
    const percent = `${Math.round(categoryScore(category, point))}%`;
    const label = category.scale === 'binary' ? `${word} (${percent})` : `${point} – ${word} (${percent})`;
    choices.push({ value: String(point), label });
  }
  if (category.naAllowed) choices.push({ value: NA, label: 'N/A – not applicable' });
  return choices;
}

export const ratingValue = (rating: Rating): string => (rating === NA ? NA : String(rating));

/** The rating an option value stands for, or null when the category does not offer it. */
export function ratingFromValue(category: ScorecardCategory, value: string): Rating | null {
  if (!ratingChoices(category).some((c) => c.value === value)) return null;
  return value === NA ? 'na' : Number(value);
}

/** Failed checklist items are `<category index>.<item index>` of the pinned scorecard version. */
export const itemValue = (categoryIndex: number, itemIndex: number) => `${categoryIndex}.${itemIndex}`;

/** `state.values` of a submitted view, as far as the QA modals read it. */
export type ViewValues = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

const input = (values: ViewValues, blockId: string) => values[blockId]?.[blockId];

export function textOf(values: ViewValues, blockId: string): string {
  return (input(values, blockId)?.value ?? '').trim();
}

export interface ReadRatings {
  ratings: Ratings;
  /** Only the categories whose rating differs from `initial` (a dispute's proposal). */
  changed: string[];
  /** block id → what is wrong, for `response_action: errors`. */
  errors: Record<string, string>;
}

/**
 * One rating per category from the modal. A rating the category does not offer (a forged or
 * stale option) is an error on its block; a missing one is an error when `required`, and
 * otherwise falls back to `initial` (the current score, in a dispute).
 */
export function readRatings(
  definition: ScorecardDefinition,
  values: ViewValues,
  options: { required: boolean; initial?: Ratings },
): ReadRatings {
  const ratings: Ratings = {};
  const changed: string[] = [];
  const errors: Record<string, string> = {};
  definition.categories.forEach((category, index) => {
    const blockId = QA_BLOCK.rating(index);
    const selected = input(values, blockId)?.selected_option?.value;
    const allowed = ratingChoices(category)
      .map((c) => (c.value === NA ? 'N/A' : c.value))
      .join(', ');
    const before = options.initial?.[category.id];
    const name = category.name.slice(0, 60);
    if (selected === undefined) {
      if (options.required || before === undefined) errors[blockId] = `Rate ${name} (one of ${allowed}).`;
      else ratings[category.id] = before;
      return;
    }
    const rating = ratingFromValue(category, selected);
    if (rating === null) {
      errors[blockId] = `“${selected.slice(0, 20)}” is not a rating of ${name}; pick one of ${allowed}.`;
      return;
    }
    ratings[category.id] = rating;
    if (before !== undefined && before !== rating) changed.push(category.id);
  });
  return { ratings, changed, errors };
}

/** The ticked checklist items by category id; an item not in this scorecard version is an error. */
export function readFailedItems(
  definition: ScorecardDefinition,
  values: ViewValues,
): { failed: Record<string, string[]>; error: string | null } {
  const failed: Record<string, string[]> = {};
  const unknown: string[] = [];
  for (const { value } of input(values, QA_BLOCK.failed)?.selected_options ?? []) {
    const [categoryIndex, itemIndex] = value.split('.').map(Number);
    const category = definition.categories[categoryIndex ?? -1];
    const item = category?.checklist[itemIndex ?? -1];
    if (category === undefined || item === undefined || !/^\d+\.\d+$/.test(value)) {
      unknown.push(value.slice(0, 20));
      continue;
    }
    const list = failed[category.id] ?? [];
    if (!list.includes(item.id)) list.push(item.id);
    failed[category.id] = list;
  }
  const error =
    unknown.length === 0
      ? null
      : `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a checklist item' : 'are not checklist items'} of this scorecard; pick from the list.`;
  return { failed, error };
}
