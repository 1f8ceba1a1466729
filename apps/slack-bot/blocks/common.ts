import { LIMITS } from './limits.js';
import { buttonUrl, truncate } from './mrkdwn.js';
import type { Block, Button, Mrkdwn, PlainText } from './types.js';

export const plain = (text: string, limit: number = LIMITS.buttonText): PlainText => ({
  type: 'plain_text',
  text: truncate(text, limit),
  emoji: true,
});
export const md = (text: string, limit: number = LIMITS.sectionText): Mrkdwn => ({
  type: 'mrkdwn',
  text: truncate(text, limit),
});

export const header = (text: string): Block => ({ type: 'header', text: plain(text, LIMITS.header) });
export const section = (text: string, blockId?: string): Block => ({
  type: 'section',
  text: md(text),
  ...(blockId !== undefined && { block_id: truncate(blockId, LIMITS.id) }),
});
export const context = (text: string): Block => ({ type: 'context', elements: [md(text)] });
export const divider = (): Block => ({ type: 'divider' });

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text),
    action_id: actionId,
    ...(value !== undefined && { value: truncate(value, LIMITS.buttonValue) }),
    ...(style !== undefined && { style }),
  };
}

/** A link button; null when the CRM gave no usable URL (the button is then left out). */
export function urlButton(text: string, actionId: string, url: string | null | undefined): Button | null {
  const safe = buttonUrl(url);
  return safe === null ? null : { type: 'button', text: plain(text), action_id: actionId, url: safe };
}

/** An actions block of the non-null buttons, or nothing when none is left. */
export function actions(blockId: string, buttons: (Button | null)[]): Block[] {
  const elements = buttons.filter((b): b is Button => b !== null).slice(0, LIMITS.actionsElements);
  return elements.length === 0 ? [] : [{ type: 'actions', block_id: truncate(blockId, LIMITS.id), elements }];
}

/**
 * Shows the first items of a list, each rendered to a few blocks, within a block budget; the rest
 * become "and N more" so a long list is shortened, never rejected by Slack.
 */
export function boundedList<T>(
  items: readonly T[],
  render: (item: T, index: number) => Block[],
  budget: number,
  total = items.length,
): Block[] {
  const out: Block[] = [];
  let shown = 0;
  for (const [i, item] of items.entries()) {
    const blocks = render(item, i);
    // Keep one block free for the "and N more" line whenever something is left out.
    const reserve = i < items.length - 1 || total > items.length ? 1 : 0;
    if (out.length + blocks.length + reserve > budget) break;
    out.push(...blocks);
    shown += 1;
  }
  if (total > shown) out.push(context(`…and ${total - shown} more`));
  return out;
}

/** Last guard for a whole surface: cut to the limit, ending with a note, never over it. */
export function fitBlocks(blocks: Block[], limit: number): Block[] {
  if (blocks.length <= limit) return blocks;
  return [...blocks.slice(0, limit - 1), context(`…and ${blocks.length - limit + 1} more blocks left out`)];
}

export function ageText(minutes: number): string {
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  return `${Math.floor(minutes / 1440)}d`;
}
