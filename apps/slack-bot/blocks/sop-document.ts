import {
  type IndexedSopWithBody,
  markdownToPlainText,
  parseMarkdown,
  renderSopForSlack,
  sopSteps,
} from '../../../shared/services/sop/index.js';
import { actions, button, context, divider, header, plain, section } from './common.js';
import { LIMITS } from './limits.js';
import { link, safeText } from './mrkdwn.js';
import { openButton, SOP_ACTION, sopFacts, sourceName } from './sop.js';
import type { Block, MessageBody, ModalView } from './types.js';

export const SOP_VIEW = 'sop_view';

/**
 * Slack documents per-block limits only, yet large views are reported to fail with nothing but
 * "We had some trouble connecting" (slackapi/deno-slack-sdk#324): an SOP is shown up to this much
 * text, and a longer one is cut with a note saying where the rest is.
 */
export const MAX_MODAL_TEXT = 24_000;
/** A shared SOP is a message in a busy channel: its steps, not a wall of text. */
export const MAX_POSTED_TEXT = 9_000;
const SUMMARY_CHARS = 1_500;

const STALE_WARNING =
  ':warning: *Needs review:* this SOP is past its review interval. Check with its owner before relying on it.';

const FENCE = /```/g;
const isOpenFence = (text: string) => (text.match(FENCE) ?? []).length % 2 === 1;

/** Blank-line paragraphs, keeping a code block (which may hold blank lines) in one piece. */
function paragraphs(text: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const part of text.split('\n\n')) {
    const merged: string = pending === null ? part : `${pending}\n\n${part}`;
    if (isOpenFence(merged)) pending = merged;
    else {
      out.push(merged);
      pending = null;
    }
  }
  if (pending !== null) out.push(pending);
  return out.filter((p) => p.trim() !== '');
}

/** Cuts one line into pieces of at most `max` UTF-16 units, never between a surrogate pair. */
function hardCut(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const high = rest.charCodeAt(max - 1);
    const at = high >= 0xd800 && high <= 0xdbff ? max - 1 : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  pieces.push(rest);
  return pieces;
}

/** Greedy packing of parts joined by `separator` into pieces of at most `max` characters. */
function pack(parts: readonly string[], separator: string, max: number): string[] {
  const pieces: string[] = [];
  let current: string | null = null;
  for (const part of parts) {
    if (current !== null && current.length + separator.length + part.length <= max)
      current += separator + part;
    else {
      if (current !== null) pieces.push(current);
      current = part;
    }
  }
  if (current !== null) pieces.push(current);
  return pieces;
}

/** A paragraph longer than a section: by lines; a code block is closed and reopened per piece. */
function splitParagraph(paragraph: string, max: number): string[] {
  const code = paragraph.startsWith('```\n') && paragraph.endsWith('\n```');
  const inner = code ? paragraph.slice(4, -4) : paragraph;
  const room = code ? max - 8 : max;
  const lines = inner.split('\n').flatMap((line) => hardCut(line, room));
  return pack(lines, '\n', room).map((piece) => (code ? `\`\`\`\n${piece}\n\`\`\`` : piece));
}

/**
 * Rendered mrkdwn in pieces of at most `max` characters (a section's limit), split at paragraph,
 * then line boundaries, so each piece renders on its own.
 */
export function splitMrkdwn(text: string, max: number = LIMITS.sectionText): string[] {
  const fitting = paragraphs(text).flatMap((p) => (p.length <= max ? [p] : splitParagraph(p, max)));
  return pack(fitting, '\n\n', max);
}

/** Sections of `text` within a block and character budget; `cut` when something was left out. */
export function boundedSections(
  text: string,
  budget: { blocks: number; chars: number },
): { blocks: Block[]; cut: boolean } {
  const pieces = splitMrkdwn(text);
  const blocks: Block[] = [];
  let chars = 0;
  for (const piece of pieces) {
    if (blocks.length >= budget.blocks || chars + piece.length > budget.chars) break;
    blocks.push(section(piece));
    chars += piece.length;
  }
  return { blocks, cut: blocks.length < pieces.length };
}

function restNote(sop: IndexedSopWithBody, url: string | null, what: string): Block {
  const source = `the ${sourceName(sop.path)}`;
  const where = url === null ? `${source} \`${safeText(sop.path, 300)}\`` : link(url, source);
  return context(`:scissors: ${what} is too long to show here in full; read the rest in ${where}.`);
}

/** "Show": the whole SOP, rendered, in a modal that stays within Block Kit's limits. */
export function sopModal(input: { sop: IndexedSopWithBody; stale: boolean; url: string | null }): ModalView {
  const { sop, stale, url } = input;
  const head: Block[] = [
    header(sop.title),
    context(sopFacts(sop)),
    ...(stale ? [section(STALE_WARNING)] : []),
    divider(),
  ];
  const links = actions('sop.links', openButton(url, sop.path));
  const room = LIMITS.viewBlocks - head.length - links.length - 1;
  const body = boundedSections(renderSopForSlack(sop.body), { blocks: room, chars: MAX_MODAL_TEXT });
  const empty =
    body.blocks.length === 0 && !body.cut ? [context('This SOP has no text beyond its title.')] : [];
  return {
    type: 'modal',
    callback_id: SOP_VIEW,
    title: plain('Procedure', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalButton),
    private_metadata: JSON.stringify({ sop: sop.id }),
    blocks: [
      ...head,
      ...body.blocks,
      ...empty,
      ...(body.cut ? [restNote(sop, url, 'This SOP')] : []),
      ...links,
    ],
  };
}

/** The SOP's opening paragraph as mrkdwn (plain text when it is too long to cut safely). */
export function sopSummary(body: string): string | null {
  for (const chunk of body.split(/\n\s*\n/)) {
    const [only, ...more] = parseMarkdown(chunk);
    if (only?.kind !== 'paragraph' || more.length > 0) continue;
    const rendered = renderSopForSlack(chunk);
    return rendered.length <= SUMMARY_CHARS ? rendered : safeText(markdownToPlainText(chunk), SUMMARY_CHARS);
  }
  return null;
}

/** The steps as a numbered list; an SOP without steps is shown whole. */
function stepsText(body: string): string {
  const steps = sopSteps(body);
  if (steps.length === 0) return renderSopForSlack(body);
  return `*Steps*\n${steps.map((step, i) => `${i + 1}. ${safeText(step, 1000)}`).join('\n')}`;
}

/** "Post to channel": summary and steps, attributed to who shared it, with Show for the rest. */
export function sopPostMessage(input: {
  sop: IndexedSopWithBody;
  stale: boolean;
  url: string | null;
  userId: string;
}): MessageBody {
  const { sop, stale, url } = input;
  const user = input.userId.replace(/[^A-Z0-9]/gi, '');
  const summary = sopSummary(sop.body);
  const head: Block[] = [
    header(sop.title),
    context(`Shared by <@${user}> · ${sopFacts(sop)}`),
    ...(stale ? [section(STALE_WARNING)] : []),
    ...(summary === null ? [] : [section(summary)]),
  ];
  const links = actions('sop.shared', [
    button('Show the whole SOP', SOP_ACTION.show, sop.id),
    ...openButton(url, sop.path),
  ]);
  const room = LIMITS.messageBlocks - head.length - links.length - 1;
  const steps = boundedSections(stepsText(sop.body), { blocks: room, chars: MAX_POSTED_TEXT });
  return {
    text: `SOP: ${safeText(sop.title, 200)}${stale ? ' (needs review)' : ''}, shared by <@${user}>`,
    blocks: [...head, ...steps.blocks, ...(steps.cut ? [restNote(sop, url, 'This SOP')] : []), ...links],
  };
}
