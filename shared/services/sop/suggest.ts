import type { Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import type { RuleCandidate } from '../../store/repositories/sops.js';
import type { SopRule } from './front-matter.js';
import { snippetRuns, words } from './query.js';
import { type SopHit, toHit } from './search.js';
import { isStale } from './stale.js';
import { anyWordQuery, countPhrases } from './word-frequency.js';

export type SuggestTicket = Pick<
  Ticket,
  'subject' | 'description' | 'tags' | 'channel' | 'priority' | 'groupId'
>;

export interface SopSuggestion extends SopHit {
  /** Why it is suggested: the rule conditions that matched, and/or "text". */
  reasons: string[];
}

const QUERY_WORDS = 6;

/** A ticket's text as words; descriptions are capped so a pasted log cannot flood the query. */
function ticketWords(ticket: SuggestTicket): { head: string[]; description: string[]; all: string[] } {
  const subject = words(ticket.subject ?? '');
  const tagWords = words(ticket.tags.join(' '));
  const description = words((ticket.description ?? '').slice(0, 4000));
  const head = [...new Set([...subject, ...tagWords])].slice(0, 10);
  const seen = new Set(head);
  const rest = [...new Set(description)].filter((w) => !seen.has(w)).slice(0, 10);
  return { head, description: rest, all: [...subject, ...tagWords, ...description] };
}

/**
 * The few ticket words worth a full-text query: subject and tag words first, then description
 * words, each group rarest first; words in most SOPs are left out and the ranked set is kept
 * under a budget (see anyWordQuery).
 */
async function specificWords(store: Store, text: { head: string[]; description: string[] }) {
  const counted = await countPhrases(store, [text.head.map((w) => [w]), text.description.map((w) => [w])]);
  return anyWordQuery(counted.groups.flat(), counted.total, QUERY_WORDS);
}

/** The conditions of the first rule that matches, or null when none does. */
export function matchRules(
  rules: readonly SopRule[],
  ticket: SuggestTicket,
  text = ticketWords(ticket).all,
): string[] | null {
  const tags = new Set(ticket.tags.map((t) => t.toLowerCase()));
  const joined = ` ${text.join(' ')} `;
  for (const rule of rules) {
    const reasons: string[] = [];
    const tagHits = (rule.tags ?? []).filter((t) => tags.has(t.toLowerCase()));
    const keywordHits = (rule.keywords ?? []).filter((k) => {
      const phrase = words(k).join(' ');
      return phrase !== '' && joined.includes(` ${phrase} `);
    });
    const textual = (rule.tags ?? []).length + (rule.keywords ?? []).length > 0;
    if (textual && tagHits.length + keywordHits.length === 0) continue;
    reasons.push(...tagHits.map((t) => `tag ${t}`), ...keywordHits.map((k) => `keyword "${k}"`));
    if (rule.channel !== undefined && !rule.channel.includes(ticket.channel)) continue;
    if (rule.priority !== undefined && (ticket.priority === null || !rule.priority.includes(ticket.priority)))
      continue;
    const group = ticket.groupId;
    if (
      rule.group !== undefined &&
      (group === null || !rule.group.some((g) => group === g || group.endsWith(`:${g}`)))
    )
      continue;
    if (rule.channel !== undefined) reasons.push(`channel ${ticket.channel}`);
    if (rule.priority !== undefined) reasons.push(`priority ${ticket.priority}`);
    if (rule.group !== undefined) reasons.push(`group ${group}`);
    return reasons;
  }
  return null;
}

/**
 * The rules as indexed: reindex validated them against SopRule before storing, so they are read
 * as they are (parsing hundreds of candidates per suggestion again cost more than the query).
 */
function rulesOf(sop: RuleCandidate): SopRule[] {
  return Array.isArray(sop.appliesTo) ? (sop.appliesTo as SopRule[]) : [];
}

/**
 * SOPs for a ticket: those whose `appliesTo` rules match rank first, each ordered by how well its
 * text matches the ticket's subject, tags and description; then the best text matches alone.
 * Text relevance is scaled to 0..1 within the result so the two stores' scores behave alike.
 * The full-text top list is what text relevance is taken from; rule matches outside it get a
 * cheap title/tag overlap instead of a second full-text pass (that pass dominated the p95).
 */
export async function suggestSops(
  store: Store,
  ticket: SuggestTicket,
  options: { limit?: number; now?: Date } = {},
): Promise<SopSuggestion[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 5, 50));
  const now = options.now ?? new Date();
  const text = ticketWords(ticket);
  // PostgreSQL text cannot hold NUL; no real tag has one.
  const lowerTags = ticket.tags.map((t) => t.toLowerCase()).filter((t) => !t.includes('\0'));
  // Rule candidates do not depend on the word choice: on PostgreSQL they load while the words are
  // counted and the text is ranked (one pooled connection each); SQLite runs them in turn anyway.
  const loadingCandidates = store.sops.ruleCandidates(
    lowerTags,
    [...new Set(text.all)].slice(0, 500),
    text.all.join(' '),
  );
  // Snippets only for what is shown: most of the text list is outranked by rule matches.
  const searching = specificWords(store, text).then(async (query) => ({
    query,
    hits: await store.sops.search({
      phrases: query,
      mode: 'any',
      limit: Math.max(limit * 3, 15),
      snippets: false,
    }),
  }));
  const [candidates, { query, hits: textHits }] = await Promise.all([loadingCandidates, searching]);
  const matched = new Map<string, { sop: RuleCandidate; reasons: string[] }>();
  for (const sop of candidates) {
    const reasons = matchRules(rulesOf(sop), ticket, text.all);
    if (reasons !== null) matched.set(sop.id, { sop, reasons });
  }
  const best = Math.max(1e-12, ...textHits.map((h) => h.score));
  const results = new Map<string, { score: number; reasons: string[]; hit: SopHit | null }>();
  for (const hit of textHits) {
    const rule = matched.get(hit.id);
    const relevance = Math.max(0, hit.score) / best;
    results.set(hit.id, {
      hit: toHit(hit, now),
      score: (rule ? 1 : 0) + relevance,
      reasons: [...(rule?.reasons ?? []), 'text'],
    });
  }
  // Rule matches outside the text top list rank by how many ticket words their title and tags share.
  const ticketWordSet = new Set([...text.head, ...text.description]);
  for (const { sop, reasons } of matched.values()) {
    if (results.has(sop.id)) continue;
    const own = words(`${sop.title} ${sop.tags.join(' ')}`);
    const overlap = own.length === 0 ? 0 : own.filter((w) => ticketWordSet.has(w)).length / own.length;
    results.set(sop.id, { hit: null, score: 1 + overlap * 0.5, reasons });
  }
  const ranked = [...results.entries()]
    .sort(([a, x], [b, y]) => y.score - x.score || a.localeCompare(b))
    .slice(0, limit);
  // Only rule matches that made the cut are read in full, and only text hits shown get a snippet.
  const missing = ranked.filter(([, r]) => r.hit === null).map(([id]) => id);
  const unsnipped = ranked.filter(([, r]) => r.hit !== null && r.hit.snippet.length === 0).map(([id]) => id);
  const [rows, snippets] = await Promise.all([
    store.sops.getMany(missing).then((sops) => new Map(sops.map((sop) => [sop.id, sop]))),
    store.sops.snippetsFor(unsnipped, query),
  ]);
  return ranked.flatMap(([id, r]): SopSuggestion[] => {
    if (r.hit !== null) {
      const snippet = snippets.get(id);
      const hit = snippet === undefined ? r.hit : { ...r.hit, snippet: snippetRuns(snippet) };
      return [{ ...hit, score: r.score, reasons: r.reasons }];
    }
    const sop = rows.get(id);
    // Removed by a reindex between the two reads: leave it out rather than show a stale row.
    if (sop === undefined) return [];
    return [{ sop, score: r.score, snippet: [], stale: isStale(sop, now), reasons: r.reasons }];
  });
}
