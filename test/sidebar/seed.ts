import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../../apps/services.js';
import type { QaFlag } from '../../shared/domain/index.js';
import { type ReindexResult, reindexSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import type { QaReview } from '../../shared/store/repositories/qa-reviews.js';
import { anOrganization, anSlaTarget, aPerson, aTicket } from '../helpers/records.js';

export const EVIL_SUBJECT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>Refund';

/** One customer in both CRMs: a Zendesk ticket 101 (the one open in the sidebar) and Salesforce cases. */
export async function seedCustomer(store: Store): Promise<void> {
  const zd = { source: 'zendesk-main' };
  const sf = { source: 'salesforce-main' };
  await store.organizations.upsertMany([
    anOrganization({ ...zd, externalId: 'o1', name: 'Globex', domains: ['globex.test'], tier: 'enterprise' }),
    anOrganization({ ...sf, externalId: 'A1', name: 'Globex Corp', domains: ['globex.test'], tier: 'gold' }),
  ]);
  await store.people.upsertMany([
    aPerson({
      ...zd,
      externalId: 'u1',
      name: 'Jo Doe',
      email: 'jo@globex.test',
      organizationId: 'zendesk-main:o1',
    }),
    aPerson({
      ...sf,
      externalId: 'C1',
      name: 'Jo Doe',
      email: 'JO@globex.test',
      organizationId: 'salesforce-main:A1',
    }),
    aPerson({ ...zd, externalId: 'agent1', name: 'Al Agent', email: 'al@acme.test', role: 'agent' }),
  ]);
  await store.tickets.upsertMany([
    aTicket({
      ...zd,
      externalId: '101',
      subject: EVIL_SUBJECT,
      requesterId: 'zendesk-main:u1',
      assigneeId: 'zendesk-main:agent1',
      tags: ['refund'],
      status: 'open',
      priority: 'urgent',
    }),
    aTicket({
      ...sf,
      externalId: '5003',
      number: '00001234',
      requesterId: 'salesforce-main:C1',
      status: 'solved',
      satisfaction: { score: 'good', comment: null },
      updatedAt: '2026-02-01T10:00:00.000Z',
    }),
    aTicket({
      ...sf,
      externalId: '5004',
      requesterId: 'salesforce-main:C1',
      status: 'pending',
      updatedAt: '2026-03-01T10:00:00.000Z',
    }),
  ]);
  await store.slaTargets.upsertMany([
    anSlaTarget({
      ...zd,
      externalId: 's1',
      ticketId: 'zendesk-main:101',
      metric: 'first_reply',
      dueAt: '2026-03-10T13:30:00.000Z',
    }),
    anSlaTarget({
      ...zd,
      externalId: 's2',
      ticketId: 'zendesk-main:101',
      metric: 'resolution',
      dueAt: '2026-03-10T11:00:00.000Z',
    }),
  ]);
  await store.qaFlags.add(qaFlag('zendesk-main:101'));
}

export function qaFlag(ticketId: string): QaFlag {
  return {
    id: `qa-${ticketId}`,
    ticketId,
    flaggedBy: 'slack:U123',
    reason: 'Tone was curt in the second reply',
    category: 'tone',
    severity: 'medium',
    permalink: null,
    source: 'slack',
    status: 'open',
    createdAt: '2026-03-09T09:00:00.000Z',
    claimedBy: null,
    claimedAt: null,
  };
}

/** A customer with `n` tickets: paging must stay fast and complete. */
export async function seedBigCustomer(store: Store, n: number): Promise<void> {
  const zd = { source: 'zendesk-main' };
  await store.people.upsertMany([aPerson({ ...zd, externalId: 'big', email: 'big@customer.test' })]);
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const tickets = Array.from({ length: n }, (_, i) =>
    aTicket({
      ...zd,
      externalId: String(200_000 + i),
      requesterId: 'zendesk-main:big',
      status: i % 7 === 0 ? 'open' : 'closed',
      // Pairs share a timestamp so the keyset's id tie-break is exercised.
      updatedAt: new Date(base + Math.floor(i / 2) * 60_000).toISOString(),
    }),
  );
  for (let i = 0; i < tickets.length; i += 500) await store.tickets.upsertMany(tickets.slice(i, i + 500));
}

/**
 * An SOP written to attack the sidebar: markup in its title and body, `javascript:` and `data:`
 * links, raw script and iframe tags. Its rule matches refund tickets, so it is suggested beside
 * the real refund SOP. Nothing of it may ever execute or become an element.
 */
export const HOSTILE_SOP_ID = 'hostile-refund-tricks';
export const HOSTILE_SOP = `---
id: ${HOSTILE_SOP_ID}
title: '<img src=x onerror="window.__pwned=1">Refund tricks'
tags: [refund]
appliesTo:
  tags: [refund]
owner: mallory@evil.test
lastVerified: 2020-01-01
---
# <script>window.__pwned=1</script>Refund tricks

<script>window.__pwned=1</script>
<iframe src="javascript:window.__pwned=1"></iframe>

1. Click [start the refund](javascript:window.__pwned=1) to begin.
2. <img src=x onerror="window.__pwned=1"> Then open <a href="javascript:window.__pwned=1">this</a>.
3. Read [the data](data:text/html,<script>window.__pwned=1</script>) and [the policy](https://help.acme.example/refund-policy).
`;

/** The shipped SOP library plus the hostile SOP, indexed into the store from a copy. */
export async function indexSops(store: Store, root: string): Promise<ReindexResult> {
  const folder = mkdtempSync(join(tmpdir(), 'casebridge-sidebar-sops-'));
  for (const name of readdirSync(join(root, 'sops')))
    if (name.endsWith('.md')) copyFileSync(join(root, 'sops', name), join(folder, name));
  writeFileSync(join(folder, `${HOSTILE_SOP_ID}.md`), HOSTILE_SOP);
  const result = await reindexSops(store, folder);
  if (result.errors.length > 0)
    throw new Error(`the test SOP library did not index: ${JSON.stringify(result.errors)}`);
  return result;
}

export const REVIEWER = 'qa.lead@acme.test';

/**
 * A review of the ticket's QA flag through the QA service (claim, then submit): every category
 * rated at its best but the first critical one, which fails; N/A wherever it is allowed.
 */
export async function seedReview(
  qa: Services['qa'],
  flagId: string,
  comment = 'Repeated the full card number back to the customer.',
): Promise<QaReview> {
  await qa.claim(flagId, REVIEWER);
  const { scorecard } = await qa.reviewForm(flagId);
  const critical = scorecard.definition.categories.find((c) => c.critical);
  const ratings = Object.fromEntries(
    scorecard.definition.categories.map((c) => {
      const max = c.scale === 'binary' ? 1 : Number(c.scale[0]);
      const min = c.scale === 'binary' ? 0 : 1;
      if (c === critical) return [c.id, min];
      return [c.id, c.naAllowed ? 'na' : max];
    }),
  ) as Record<string, number | 'na'>;
  const { review } = await qa.submitReview({
    flagId,
    reviewer: REVIEWER,
    scorecardVersionId: scorecard.versionId,
    ratings,
    comment,
  });
  return review;
}
