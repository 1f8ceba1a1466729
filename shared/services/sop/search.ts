import type { Store } from '../../store/index.js';
import type { IndexedSop, SopSearchRow } from '../../store/repositories/sops.js';
import { parseQuery, type SnippetRun, snippetRuns } from './query.js';
import { escapeHtml } from './render.js';
import { isStale } from './stale.js';

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
 * word, so a longer question still finds something. An empty or operator-only query finds nothing.
 */
export async function searchSops(
  store: Store,
  query: string,
  options: SearchOptions = {},
): Promise<SopHit[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
  const phrases = parseQuery(query);
  if (phrases.length === 0) return [];
  const rows = await store.sops.search({ phrases, mode: 'all', limit });
  if (rows.length < limit && phrases.length > 1) {
    const seen = new Set(rows.map((r) => r.id));
    // The longest words are the most specific; a question's filler would walk the whole index.
    const specific = [...phrases].sort((a, b) => b.join(' ').length - a.join(' ').length).slice(0, 6);
    const more = await store.sops.search({ phrases: specific, mode: 'any', limit });
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
