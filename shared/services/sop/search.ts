import type { Store } from '../../store/index.js';
import type { IndexedSop, SopSearchRow } from '../../store/repositories/sops.js';
import { parseQuery, type SnippetRun, snippetRuns } from './query.js';
import { escapeHtml } from './render.js';
import { isStale } from './stale.js';
import { anyWordQuery, countPhrases, isCommon } from './word-frequency.js';

/** A question's any-word fallback queries at most this many of its phrases, the rarest. */
const ANY_WORD_PHRASES = 6;

export interface SopHit {
  sop: IndexedSop;
  /** Relevance, higher is better; comparable only within one result list. */
  score: number;
  snippet: SnippetRun[];
  stale: boolean;
}

export interface SearchOptions {
  limit?: number;
  now?: Date;
}

/**
 * Full-text search: SOPs with every word first, then — when that leaves room — SOPs with any
 * word, so a longer question still finds something. Words found in most of the library are left
 * out of matching when the query has rarer ones (they would make every SOP a match and add next
 * to nothing to its score). An empty or operator-only query finds nothing.
 */
export async function searchSops(
  store: Store,
  query: string,
  options: SearchOptions = {},
): Promise<SopHit[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
  const phrases = parseQuery(query);
  if (phrases.length === 0) return [];
  const counted = await countPhrases(store, [phrases]);
  const byRarity = counted.groups[0] ?? [];
  const specific = byRarity.filter((p) => !isCommon(p.n, counted.total));
  const required = specific.length > 0 ? specific : byRarity;
  const rows = await store.sops.search({ phrases: required.map((p) => p.phrase), mode: 'all', limit });
  if (rows.length < limit && phrases.length > 1) {
    const seen = new Set(rows.map((r) => r.id));
    const any = anyWordQuery(byRarity, counted.total, ANY_WORD_PHRASES);
    const more = await store.sops.search({ phrases: any, mode: 'any', limit });
    // Any-word matches rank below every all-word match.
    const floor = Math.min(0, ...rows.map((r) => r.score));
    for (const row of more)
      if (!seen.has(row.id) && rows.length < limit)
        rows.push({ ...row, score: Math.min(row.score, floor) - 1e-9 });
  }
  const now = options.now ?? new Date();
  return rows.map((row) => toHit(row, now));
}

export function toHit(row: SopSearchRow, now: Date): SopHit {
  const { score, snippet, ...sop } = row;
  return { sop, score, snippet: snippetRuns(snippet), stale: isStale(sop, now) };
}

export function snippetToSlack(runs: readonly SnippetRun[]): string {
  const esc = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '∗');
  return runs.map((r) => (r.match ? `*${esc(r.text)}*` : esc(r.text))).join('');
}

export function snippetToHtml(runs: readonly SnippetRun[]): string {
  return runs.map((r) => (r.match ? `<mark>${escapeHtml(r.text)}</mark>` : escapeHtml(r.text))).join('');
}

export function snippetToText(runs: readonly SnippetRun[], mark: [string, string] = ['[', ']']): string {
  return runs.map((r) => (r.match ? `${mark[0]}${r.text}${mark[1]}` : r.text)).join('');
}
