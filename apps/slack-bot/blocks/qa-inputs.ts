import type { Rating, ScorecardCategory, ScorecardDefinition } from '../../../shared/services/qa/index.js';
import { QA_BLOCK } from '../qa/ids.js';
import { itemValue, ratingChoices, ratingValue } from '../qa/ratings.js';
import { plain } from './common.js';
import { LIMITS } from './limits.js';
import { truncate } from './mrkdwn.js';
import type { Block, Option, OptionGroup, PlainTextInput, StaticSelect } from './types.js';

/** The inputs the QA modals are made of: one rating select per category, checklist items, text. */

const option = (text: string, value: string): Option => ({
  text: plain(text, LIMITS.optionText),
  value: truncate(value, LIMITS.optionValue),
});

/** What the category checks, as the input's hint: its description, then its checklist items. */
function checklistHint(category: ScorecardCategory): string {
  const lines = category.checklist.map((item) => `• ${item.text.replace(/\s+/g, ' ').trim()}`);
  if (category.description !== undefined) lines.unshift(category.description.trim());
  return lines.join('\n');
}

function ratingLabel(category: ScorecardCategory): string {
  const critical = category.critical ? ' · critical: under 50% fails the review' : '';
  return `${category.name} · weight ${category.weight}${critical}`;
}

/**
 * A category's rating: a select of its scale (N/A only where allowed) with its checklist as the
 * hint. `initial` preselects a rating (a dispute proposes changes to the current ones).
 */
export function ratingInput(
  category: ScorecardCategory,
  index: number,
  options: { optional: boolean; initial?: Rating | undefined },
): Block {
  const id = QA_BLOCK.rating(index);
  const choices = ratingChoices(category).map((c) => option(c.label, c.value));
  const initial =
    options.initial === undefined
      ? undefined
      : choices.find((c) => c.value === ratingValue(options.initial as Rating));
  const element: StaticSelect = {
    type: 'static_select',
    action_id: id,
    placeholder: plain('Pick a rating', LIMITS.optionText),
    options: choices,
    ...(initial !== undefined && { initial_option: initial }),
  };
  return {
    type: 'input',
    block_id: id,
    label: plain(ratingLabel(category), LIMITS.inputLabel),
    hint: plain(checklistHint(category), LIMITS.inputHint),
    element,
    optional: options.optional,
  };
}

/**
 * "Checklist items missed": one multi-select grouped by category (Block Kit allows 100 groups of
 * 100 options; a scorecard that fits the modal has fewer categories, and a category's items past
 * 100 are left out of the select — its hint still lists them).
 */
export function failedItemsInput(definition: ScorecardDefinition): Block {
  const option_groups: OptionGroup[] = definition.categories.slice(0, LIMITS.optionGroups).map((c, ci) => ({
    label: plain(c.name, LIMITS.optionGroupLabel),
    options: c.checklist
      .slice(0, LIMITS.selectOptions)
      .map((item, ii) => option(item.text, itemValue(ci, ii))),
  }));
  return {
    type: 'input',
    block_id: QA_BLOCK.failed,
    label: plain('Checklist items missed'),
    hint: plain('Counted in the QA report’s most-failed items.', LIMITS.inputHint),
    optional: true,
    element: {
      type: 'multi_static_select',
      action_id: QA_BLOCK.failed,
      placeholder: plain('Pick the items the agent missed', LIMITS.optionText),
      option_groups,
    },
  };
}

/** A multiline text input (comment, reason, note). */
export function textArea(
  id: string,
  label: string,
  options: { optional: boolean; max: number; placeholder?: string },
): Block {
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: id,
    multiline: true,
    max_length: options.max,
    ...(options.placeholder !== undefined && { placeholder: plain(options.placeholder, 150) }),
  };
  return { type: 'input', block_id: id, label: plain(label), element, optional: options.optional };
}
