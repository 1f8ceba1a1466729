import type { Store } from '../../store/index.js';

/**
 * How many SOPs contain each word, remembered per store for a few minutes. The counts only decide
 * which ticket words are specific enough to search for, so a little staleness after another
 * process reindexes changes nothing that matters; counting twenty words for every suggestion was
 * a third of its time. A reindex in this process forgets them at once (`forgetWordFrequencies`).
 */
const TTL_MS = 5 * 60_000;
/** Past this many remembered words the memory is simply cleared: vocabularies are long-tailed. */
const MAX_WORDS = 50_000;

interface Remembered {
  total: { n: number; at: number } | null;
  words: Map<string, { n: number; at: number }>;
}
const memory = new WeakMap<Store, Remembered>();

function rememberedFor(store: Store): Remembered {
  let remembered = memory.get(store);
  if (remembered === undefined) {
    remembered = { total: null, words: new Map() };
    memory.set(store, remembered);
  }
  return remembered;
}

/** Phrases (one word or several) as the store counts them; the result follows the input's order. */
export async function phraseFrequencies(
  store: Store,
  phrases: readonly (readonly string[])[],
  nowMs = Date.now(),
): Promise<{ total: number; counts: number[] }> {
  const remembered = rememberedFor(store);
  const fresh = (entry: { at: number } | null | undefined) => entry != null && nowMs - entry.at < TTL_MS;
  const keys = phrases.map((p) => p.join(' '));
  const unknown = [...new Set(keys.filter((k) => !fresh(remembered.words.get(k))))];
  if (unknown.length > 0 || !fresh(remembered.total)) {
    const { total, counts } = await store.sops.documentFrequencies(unknown.map((k) => k.split(' ')));
    if (remembered.words.size + unknown.length > MAX_WORDS) remembered.words.clear();
    unknown.forEach((word, i) => {
      remembered.words.set(word, { n: counts[i] ?? 0, at: nowMs });
    });
    remembered.total = { n: total, at: nowMs };
  }
  return {
    total: remembered.total?.n ?? 0,
    counts: keys.map((k) => remembered.words.get(k)?.n ?? 0),
  };
}

/**
 * A word found in more than this share of the library says little (its bm25 weight is near zero)
 * yet makes ranking score nearly every SOP — the idea of Elasticsearch's `cutoff_frequency`.
 */
const COMMON_SHARE = 0.2;
/** Below this many SOPs nothing counts as common: a small library has no filler words to speak of. */
const COMMON_FLOOR = 20;
/**
 * At most about this many SOPs are ranked by an any-word query (a bm25 score costs microseconds
 * per SOP and phrase); the rarest phrases fill it first, and they are the ones that discriminate.
 */
const POSTINGS_BUDGET = 2000;

export interface CountedPhrase {
  phrase: string[];
  n: number;
}

/** Counts phrases and sorts each group rarest first; groups keep their order (e.g. subject before body). */
export async function countPhrases(
  store: Store,
  groups: readonly (readonly string[][])[],
): Promise<{ total: number; groups: CountedPhrase[][] }> {
  const all = groups.flat();
  const { total, counts } = await phraseFrequencies(store, all);
  let at = 0;
  return {
    total,
    groups: groups.map((group) =>
      group.map((phrase) => ({ phrase, n: counts[at++] ?? 0 })).sort((a, b) => a.n - b.n),
    ),
  };
}

export function isCommon(n: number, total: number): boolean {
  return n > Math.max(COMMON_FLOOR, total * COMMON_SHARE);
}

/**
 * Phrases for an any-word query: present in the library, not common, within the postings budget,
 * in the order given, at most `max`. When none qualifies, the rarest present phrase alone.
 */
export function anyWordQuery(ordered: readonly CountedPhrase[], total: number, max: number): string[][] {
  const chosen: string[][] = [];
  let postings = 0;
  for (const { phrase, n } of ordered) {
    if (chosen.length === max) break;
    if (n === 0 || isCommon(n, total) || postings + n > POSTINGS_BUDGET) continue;
    chosen.push(phrase);
    postings += n;
  }
  if (chosen.length > 0) return chosen;
  const rarest = ordered.filter((p) => p.n > 0).sort((a, b) => a.n - b.n)[0];
  return rarest === undefined ? [] : [rarest.phrase];
}

/** After this process changed the index: the next suggestion counts afresh. */
export function forgetWordFrequencies(store: Store): void {
  memory.delete(store);
}
