import {
  type IndexedSop,
  type SnippetRun,
  type SopHit,
  snippetToSlack,
} from '../../../shared/services/sop/index.js';
import { actions, button, context, fitBlocks, section, urlButton } from './common.js';
import { LIMITS } from './limits.js';
import { safeText, truncate } from './mrkdwn.js';
import type { Block, Button, MessageBody } from './types.js';

/** Button action ids of the SOP lookup; each button's value is the SOP id. */
export const SOP_ACTION = {
  show: 'sop.show',
  post: 'sop.post',
  verify: 'sop.verify',
  open: 'sop.open',
} as const;

/** `/casebridge sop` shows this many results. */
export const SOP_RESULTS = 5;
/** Longer input is not a search anyone means; it gets a note instead of a query. */
export const MAX_SOP_QUERY = 300;
const SNIPPET_CHARS = 600;

/** `needs review` when stale: the one badge that must be seen wherever an SOP appears. */
export const staleBadge = (stale: boolean): string => (stale ? '  :warning: *needs review*' : '');

/** Owner, version and verification, for a context line. */
export function sopFacts(sop: IndexedSop): string {
  const verified = sop.lastVerified === null ? 'never verified' : `verified ${sop.lastVerified.slice(0, 10)}`;
  return `Owner: ${safeText(sop.owner, 200)} · v${safeText(sop.version, 30)} · ${verified} · \`${safeText(sop.id, 100)}\``;
}

/** Text for inside `*…*`: escaped and cut, with its own stars made harmless (they would end the bold). */
export const boldText = (text: string, max: number): string => safeText(text, max).replace(/\*/g, '∗');

/** At most this much text before the first match, so the match itself is always shown. */
const LEAD_CHARS = 150;

/**
 * A search snippet as mrkdwn: matches in bold. Cut before formatting (a cut through `&amp;` or a
 * bold run would show markup), and broadcast words are defused as in every other CRM-sourced text.
 */
export function snippetMrkdwn(runs: readonly SnippetRun[], max = SNIPPET_CHARS): string {
  const [first, ...rest] = runs;
  const lead =
    first !== undefined && !first.match && first.text.length > LEAD_CHARS
      ? [{ text: first.text.slice(-LEAD_CHARS).replace(/^\S*\s/, ''), match: false }, ...rest]
      : runs;
  const kept: SnippetRun[] = [];
  let room = max;
  for (const run of lead) {
    if (room <= 0) break;
    kept.push({ ...run, text: run.text.slice(0, room) });
    room -= run.text.length;
  }
  return snippetToSlack(kept).replace(/@(here|channel|everyone)\b/gi, '@\u200b$1');
}

/** The Show / Post to channel / Mark verified buttons of one SOP. */
export function sopButtons(sop: IndexedSop, stale: boolean, options: { post: boolean }): Button[] {
  return [
    button('Show', SOP_ACTION.show, sop.id, 'primary'),
    ...(options.post ? [button('Post to channel', SOP_ACTION.post, sop.id)] : []),
    ...(stale ? [button('Mark verified', SOP_ACTION.verify, sop.id)] : []),
  ];
}

function hitBlocks(hit: SopHit, index: number): Block[] {
  const snippet = hit.snippet.length === 0 ? '' : `\n…${snippetMrkdwn(hit.snippet)}…`;
  return [
    section(`*${index + 1}. ${boldText(hit.sop.title, 200)}*${staleBadge(hit.stale)}${snippet}`),
    context(sopFacts(hit.sop)),
    ...actions(`sop.hit.${index}`, sopButtons(hit.sop, hit.stale, { post: true })),
  ];
}

/** The answer to `/casebridge sop <query>`: the best results first, or a note when none matched. */
export function sopResultsMessage(query: string, hits: readonly SopHit[]): MessageBody {
  const shown = safeText(query, 150);
  if (hits.length === 0) {
    const text = `No SOP matches _${shown}_. Try other words, or fewer of them.`;
    return { text, blocks: [section(text)] };
  }
  const top = hits.slice(0, SOP_RESULTS);
  const blocks = [
    section(`*SOPs for* _${shown}_, best match first:`),
    ...top.flatMap((hit, i) => hitBlocks(hit, i)),
  ];
  const titles = top.map(
    (h, i) => `${i + 1}. ${safeText(h.sop.title, 200)}${h.stale ? ' (needs review)' : ''}`,
  );
  return {
    text: truncate(`SOPs for "${shown}": ${titles.join('; ')}`, LIMITS.messageText),
    blocks: fitBlocks(blocks, LIMITS.messageBlocks),
  };
}

/** What an SOP's source is called: imported ones live in the CRM's knowledge base (their path is the article's address). */
export function sourceName(path: string): 'article' | 'file' {
  return /^https?:\/\//i.test(path) ? 'article' : 'file';
}

/** "Open the file" (or article) where the SOP can be read on the web (`sop.browseUrl`), or nothing. */
export function openButton(url: string | null, path: string): Button[] {
  const open = urlButton(`Open the ${sourceName(path)}`, SOP_ACTION.open, url);
  return open === null ? [] : [open];
}
