import type { Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import type { IndexedSop } from '../../store/repositories/sops.js';
import { SopRule } from './front-matter.js';
import { words } from './query.js';
import { type SopHit, toHit } from './search.js';
import { isStale } from './stale.js';

export type SuggestTicket = Pick<
  Ticket,
  'subject' | 'description' | 'tags' | 'channel' | 'priority' | 'groupId'
>;

export interface SopSuggestion extends SopHit {
  /** Why it is suggested: the rule conditions that matched, and/or "text". */
  reasons: string[];
}

/** A ticket's text as words; descriptions are capped so a pasted log cannot flood the query. */
function ticketWords(ticket: SuggestTicket): { query: string[]; all: string[] } {
  const subject = words(ticket.subject ?? '');
  const tagWords = words(ticket.tags.join(' '));
  const description = words((ticket.description ?? '').slice(0, 4000));
  // Few, specific words: every OR term costs a walk of its postings over the whole library.
  const head = [...new Set([...subject, ...tagWords])];
  const query = (head.length >= 6 ? head : [...new Set([...head, ...description])].slice(0, 6)).slice(0, 10);
  return { query, all: [...subject, ...tagWords, ...description] };
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

function rulesOf(sop: IndexedSop): SopRule[] {
  const parsed = SopRule.array().safeParse(sop.appliesTo);
  return parsed.success ? parsed.data : [];
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
  const candidates = await store.sops.ruleCandidates(lowerTags, [...new Set(text.all)].slice(0, 500));
  const matched = new Map<string, { sop: IndexedSop; reasons: string[] }>();
  for (const sop of candidates) {
    const reasons = matchRules(rulesOf(sop), ticket, text.all);
    if (reasons !== null) matched.set(sop.id, { sop, reasons });
  }
  const textHits = await store.sops.search({
    phrases: text.query.map((w) => [w]),
    mode: 'any',
    limit: Math.max(limit * 3, 15),
  });
  const best = Math.max(1e-12, ...textHits.map((h) => h.score));
  const results = new Map<string, SopSuggestion>();
  for (const hit of textHits) {
    const rule = matched.get(hit.id);
    const relevance = Math.max(0, hit.score) / best;
    results.set(hit.id, {
      ...toHit(hit, now),
      score: (rule ? 1 : 0) + relevance,
      reasons: [...(rule?.reasons ?? []), 'text'],
    });
  }
  // Rule matches outside the text top list rank by how many ticket words their title and tags share.
  const ticketWordSet = new Set(text.query);
  for (const { sop, reasons } of matched.values()) {
    if (results.has(sop.id)) continue;
    const own = words(`${sop.title} ${sop.tags.join(' ')}`);
    const overlap = own.length === 0 ? 0 : own.filter((w) => ticketWordSet.has(w)).length / own.length;
    results.set(sop.id, { sop, score: 1 + overlap * 0.5, snippet: [], stale: isStale(sop, now), reasons });
  }
  return [...results.values()]
    .sort((a, b) => b.score - a.score || a.sop.id.localeCompare(b.sop.id))
    .slice(0, limit);
}
