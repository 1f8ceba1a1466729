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

export async function wordFrequencies(
  store: Store,
  words: readonly string[],
  nowMs = Date.now(),
): Promise<{ total: number; counts: number[] }> {
  const remembered = rememberedFor(store);
  const fresh = (entry: { at: number } | null | undefined) => entry != null && nowMs - entry.at < TTL_MS;
  const unknown = [...new Set(words.filter((w) => !fresh(remembered.words.get(w))))];
  if (unknown.length > 0 || !fresh(remembered.total)) {
    const { total, counts } = await store.sops.documentFrequencies(unknown.map((w) => [w]));
    if (remembered.words.size + unknown.length > MAX_WORDS) remembered.words.clear();
    unknown.forEach((word, i) => {
      remembered.words.set(word, { n: counts[i] ?? 0, at: nowMs });
    });
    remembered.total = { n: total, at: nowMs };
  }
  return {
    total: remembered.total?.n ?? 0,
    counts: words.map((w) => remembered.words.get(w)?.n ?? 0),
  };
}

/** After this process changed the index: the next suggestion counts afresh. */
export function forgetWordFrequencies(store: Store): void {
  memory.delete(store);
}
