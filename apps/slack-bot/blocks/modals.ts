import { MAX_REASON, QA_CATEGORIES, QA_SEVERITIES } from '../qa.js';
import { VIEW } from '../shortcuts/ids.js';
import { context, plain } from './common.js';
import { LIMITS } from './limits.js';
import { safeText, truncate } from './mrkdwn.js';
import type { Block, ModalView, Option, PlainTextInput, StaticSelect } from './types.js';

/** Block and action ids of the modal inputs: `state.values[block][action]`. */
export const FIELD = {
  ticket: 'ticket',
  reason: 'reason',
  category: 'category',
  severity: 'severity',
  level: 'level',
} as const;

const option = (text: string, value: string): Option => ({
  text: plain(text, LIMITS.optionText),
  value: truncate(value, LIMITS.optionValue),
});

function textInput(
  id: string,
  label: string,
  options: { initial?: string | null; multiline?: boolean; max: number; placeholder?: string },
): Block {
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: id,
    max_length: options.max,
    ...(options.multiline === true && { multiline: true }),
    ...(options.initial != null &&
      options.initial !== '' && { initial_value: truncate(options.initial, options.max) }),
    ...(options.placeholder !== undefined && { placeholder: plain(options.placeholder, 150) }),
  };
  return { type: 'input', block_id: id, label: plain(label, LIMITS.inputLabel), element };
}

function select(id: string, label: string, options: Option[], optional: boolean): Block {
  const element: StaticSelect = {
    type: 'static_select',
    action_id: id,
    options: options.slice(0, LIMITS.selectOptions),
  };
  return { type: 'input', block_id: id, label: plain(label), element, optional };
}

/** What a modal remembers between opening and submission (JSON, ≤3000 characters). */
export interface ModalMetadata {
  permalink?: string;
  channel?: string;
}

function metadata(meta: ModalMetadata): string {
  const json = JSON.stringify(meta);
  // A permalink longer than the room left is dropped rather than cut into a broken link.
  return json.length <= LIMITS.privateMetadata ? json : JSON.stringify({ channel: meta.channel });
}

/** "Flag for QA review": ticket (prefilled when the message names one), reason, category, severity. */
export function qaFlagModal(input: {
  ticketRef: string | null;
  excerpt?: string;
  meta: ModalMetadata;
}): ModalView {
  const blocks: Block[] = [];
  if (input.excerpt !== undefined && input.excerpt.trim() !== '')
    blocks.push(context(`>${safeText(input.excerpt, 500)}`));
  if (input.ticketRef === null)
    blocks.push(context("I couldn't find a ticket in that message: which ticket is it?"));
  blocks.push(
    textInput(FIELD.ticket, 'Ticket', {
      initial: input.ticketRef,
      max: 255,
      placeholder: 'Ticket number, e.g. 4211',
    }),
    textInput(FIELD.reason, 'Why should QA review it?', { multiline: true, max: MAX_REASON }),
    select(
      FIELD.category,
      'Category',
      QA_CATEGORIES.map((c) => option(c, c)),
      true,
    ),
    select(
      FIELD.severity,
      'Severity',
      QA_SEVERITIES.map((s) => option(s, s)),
      true,
    ),
  );
  return {
    type: 'modal',
    callback_id: VIEW.qaFlag,
    title: plain('Flag for QA review', LIMITS.modalTitle),
    submit: plain('Flag', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata(input.meta),
    blocks,
  };
}

/** "Escalate a ticket": ticket, level (the configured names), reason. */
export function escalateModal(input: {
  ticketRef: string | null;
  levels: readonly string[];
  meta?: ModalMetadata;
}): ModalView {
  const levels = input.levels.map((name, i) => option(`${i + 1}. ${name}`, String(i + 1)));
  return {
    type: 'modal',
    callback_id: VIEW.escalate,
    title: plain('Escalate a ticket', LIMITS.modalTitle),
    submit: plain('Escalate', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: metadata(input.meta ?? {}),
    blocks: [
      textInput(FIELD.ticket, 'Ticket', {
        initial: input.ticketRef,
        max: 255,
        placeholder: 'Ticket number, e.g. 4211',
      }),
      select(FIELD.level, 'Level', levels, false),
      textInput(FIELD.reason, 'Reason', { multiline: true, max: 1000 }),
    ],
  };
}
