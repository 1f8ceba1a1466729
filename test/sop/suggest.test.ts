import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexSops, searchSops, snippetToText, suggestSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { sopFolder, sopText } from './corpus.js';

/**
 * Suggestions on a library big enough to have common words: 150 SOPs that all talk about "the
 * customer" and "the order", a few that are about something specific, and keyword rules whose
 * first word is common while the phrase is not.
 */
const NOW = new Date('2026-03-01T00:00:00Z');
const FILLER = Array.from({ length: 150 }, (_, i) => ({
  id: `routine-${i}`,
  title: `Routine procedure ${i}`,
  body: `Confirm the customer and the order, then reply to the customer about the order. Step ${i}.`,
}));
const SPECIFIC = [
  {
    id: 'warehouse-damage',
    title: 'Damaged in the warehouse',
    body: 'When the customer reports a parcel crushed in the warehouse, photograph the damage and reship the order.',
  },
  {
    id: 'gift-card-refund',
    title: 'Gift card refunds',
    appliesTo: '  - keywords: [gift card refund]',
    body: 'Gift cards are refunded as store credit, never to a bank account.',
  },
];

describe.each(await storeKinds())('SOP suggestions on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    const files = Object.fromEntries([...FILLER, ...SPECIFIC].map((s) => [`${s.id}.md`, sopText(s)]));
    const result = await reindexSops(store, sopFolder(files), { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.added).toHaveLength(FILLER.length + SPECIFIC.length);
  }, 60_000);
  afterAll(async () => dispose());

  it('words in most SOPs do not drown the specific one', async () => {
    const ticket = aTicket({
      externalId: '1',
      subject: 'Customer order arrived crushed',
      description: 'The customer says the order was crushed, probably in the warehouse.',
      tags: [],
    });
    const suggestions = await suggestSops(store, ticket, { now: NOW });
    // "customer" and "order" are in every routine SOP; only the warehouse SOP is about this ticket.
    expect(suggestions.map((s) => s.sop.id)).toEqual(['warehouse-damage']);
    expect(suggestions[0]?.reasons).toEqual(['text']);
    // Snippets are cut only for what is shown, and highlight the ticket's words on both stores.
    expect(snippetToText(suggestions[0]?.snippet ?? [])).toMatch(/\[warehouse\]/);
  });

  it('a keyword rule needs its whole phrase in the ticket, not just its first word', async () => {
    const giftCard = aTicket({
      externalId: '2',
      subject: 'Gift card refund please',
      description: 'I bought a gift card by mistake.',
      tags: [],
    });
    const matched = await suggestSops(store, giftCard, { now: NOW });
    expect(matched[0]?.sop.id).toBe('gift-card-refund');
    expect(matched[0]?.reasons).toContain('keyword "gift card refund"');

    const otherGift = aTicket({
      externalId: '3',
      subject: 'Gift wrapping',
      description: 'Can you wrap it as a gift? The card should say happy birthday.',
      tags: [],
    });
    const unmatched = await suggestSops(store, otherGift, { now: NOW });
    const giftSop = unmatched.find((s) => s.sop.id === 'gift-card-refund');
    expect(giftSop?.reasons ?? ['text']).toEqual(['text']);
  });

  it('search leaves common words out of matching when the query has a rarer one', async () => {
    const hits = await searchSops(store, 'customer warehouse', { now: NOW });
    expect(hits.map((h) => h.sop.id)).toEqual(['warehouse-damage']);
    // Only common words: they are the query, and every routine SOP matches them.
    const common = await searchSops(store, 'customer order', { limit: 5, now: NOW });
    expect(common).toHaveLength(5);
  });

  it('when every ticket word is common, the rarest is still searched', async () => {
    const vague = aTicket({ externalId: '4', subject: 'customer order', description: null, tags: [] });
    const suggestions = await suggestSops(store, vague, { now: NOW });
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.reasons.includes('text'))).toBe(true);
  });
});
