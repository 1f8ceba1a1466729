import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Casebridge } from '../../apps/composition-root.js';
import type {
  SidebarPayload,
  SidebarSopDetail,
  SidebarSopUse,
} from '../../apps/zendesk-sidebar/src/api-types.js';
import { storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { bearer, NOW, ROOT, sidebarCasebridge, sidebarServer, token } from './harness.js';
import { HOSTILE_SOP_ID, indexSops, REVIEWER, seedCustomer, seedReview } from './seed.js';

const kinds = await storeKinds();
const DAY_MS = 86_400_000;

/** No element the renderer did not build: no script, image, frame, handler or non-http(s)/mailto link. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<\s*(script|img|iframe|object|embed|svg|style)\b/i);
  expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:)/);
}

describe.each(kinds)('sidebar QA and SOP API on %s', (kind) => {
  let casebridge: Casebridge;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof sidebarServer>;
  let reviewId: string;
  beforeAll(async () => {
    ({ casebridge, dispose } = await sidebarCasebridge(kind));
    await seedCustomer(casebridge.store);
    // Ticket 102 has a channel no example scorecard covers.
    await casebridge.store.tickets.upsertMany([
      aTicket({ source: 'zendesk-main', externalId: '102', channel: 'social', subject: 'Tweet about us' }),
    ]);
    await indexSops(casebridge.store, ROOT);
    reviewId = (await seedReview(casebridge.services.qa, 'qa-zendesk-main:101')).id;
    app = sidebarServer(casebridge);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });
  const get = (url: string, t = token()) => app.inject({ method: 'GET', url, headers: bearer(t) });
  const post = (url: string, body: unknown, t: string | null = token()) =>
    app.inject({
      method: 'POST',
      url,
      ...(t !== null && { headers: bearer(t) }),
      payload: body as Record<string, unknown>,
    });
  const payload = async (id = '101') => (await get(`/api/sidebar/tickets/${id}`)).json<SidebarPayload>();

  it('puts the applicable checklist, the reviews and the flags of the ticket in the first paint', async () => {
    const { qa, qaFlags } = await payload();
    const ticket = await casebridge.store.tickets.get('zendesk-main:101');
    if (ticket === null) throw new Error('ticket 101 was not seeded');
    const applicable = casebridge.services.qa.applicableScorecard(ticket);
    expect(qa.scorecard).toMatchObject({
      id: 'billing-pci',
      name: 'Billing and payments (PCI)',
      version: applicable?.version,
    });
    const compliance = qa.scorecard?.categories.find((c) => c.id === 'compliance');
    expect(compliance).toMatchObject({ critical: true, naAllowed: false, scale: 'binary', weight: 30 });
    expect(compliance?.checklist.map((i) => i.id)).toContain('no-full-pan');
    expect(qa.scorecard?.categories.find((c) => c.id === 'upsell')?.naAllowed).toBe(true);

    expect(qa.reviews).toHaveLength(1);
    const [review] = qa.reviews;
    expect(review).toMatchObject({
      id: reviewId,
      score: 0,
      reviewer: REVIEWER,
      scorecard: { name: 'Billing and payments (PCI)', version: applicable?.version },
      criticalFailures: ['PCI and verification compliance'],
      comment: 'Repeated the full card number back to the customer.',
      status: 'submitted',
      dispute: null,
    });
    expect(review?.categories).toEqual([
      { id: 'compliance', name: 'PCI and verification compliance', critical: true, score: 0 },
      { id: 'accuracy', name: 'Billing accuracy', critical: false, score: 100 },
      { id: 'resolution', name: 'Resolution', critical: false, score: 100 },
      { id: 'tone', name: 'Tone', critical: false, score: 100 },
      { id: 'upsell', name: 'Retention offer', critical: false, score: null },
    ]);
    expect(Date.parse(review?.disputeUntil ?? '') - Date.parse(review?.createdAt ?? '')).toBe(7 * DAY_MS);
    expect(qa.flags).toEqual([
      expect.objectContaining({ reason: 'Tone was curt in the second reply', status: 'reviewed' }),
    ]);
    // The field older app versions read is kept, with the same flags.
    expect(qaFlags).toEqual(qa.flags);
  });

  it('shows a dispute on the review once the agent opens one', async () => {
    await casebridge.services.qa.dispute({
      reviewId,
      agent: 'al@acme.test',
      comment: 'I only repeated the last four digits',
    });
    const [review] = (await payload()).qa.reviews;
    expect(review).toMatchObject({ status: 'disputed', dispute: { status: 'open', resolvedAt: null } });
  });

  it('says no scorecard applies when none does, and lists no reviews', async () => {
    const { qa } = await payload('102');
    expect(qa).toEqual({ scorecard: null, reviews: [], flags: [] });
  });

  it('suggests SOPs for the ticket with why, snippet, owner and staleness', async () => {
    const { sops } = await payload();
    const refund = sops.find((s) => s.id === 'refund-request');
    expect(refund).toMatchObject({
      title: 'Refund request',
      owner: 'billing-lead@acme.example',
      version: '2.3',
      // Verified 2026-01-12 with a 90-day interval: current on 2026-03-10.
      stale: false,
      usedAt: null,
    });
    expect(refund?.reasons).toEqual(expect.arrayContaining(['tag refund']));
    expect(sops.find((s) => s.id === HOSTILE_SOP_ID)?.stale).toBe(true);
    expect(sops.length).toBeLessThanOrEqual(5);
    // A ticket about nothing the library covers gets no rule-based suggestion.
    expect((await payload('102')).sops.every((s) => !s.reasons.some((r) => r.startsWith('tag ')))).toBe(true);
  });

  it('opens an SOP as sanitised HTML with its steps', async () => {
    const response = await get('/api/sidebar/sops/refund-request');
    expect(response.statusCode).toBe(200);
    const sop = response.json<SidebarSopDetail>();
    expect(sop).toMatchObject({
      id: 'refund-request',
      title: 'Refund request',
      lastVerified: expect.stringMatching(/^2026-01-12/),
      reviewDueAt: expect.stringMatching(/^2026-04-12/),
    });
    expect(sop.steps).toHaveLength(7);
    expect(sop.steps[0]).toBe(
      'Find the order or invoice in the billing console and confirm the charge is ours.',
    );
    expect(sop.html).toContain('<ol>');
    expect(sop.html).toContain('<a href="https://help.acme.example/refund-policy"');
    expectInert(sop.html);
  });

  it('renders a hostile SOP inert: markup is text, script and javascript: links are gone', async () => {
    const sop = (await get(`/api/sidebar/sops/${HOSTILE_SOP_ID}`)).json<SidebarSopDetail>();
    expectInert(sop.html);
    expect(sop.html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(sop.html).toContain('href="https://help.acme.example/refund-policy"');
    // Steps are plain text (the panel renders them as text): the unsafe link is reduced to its label.
    expect(sop.steps[0]).toBe('Click start the refund to begin.');
  });

  it('refuses SOP reads without a valid token, for unknown SOPs and malformed ids', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/sidebar/sops/refund-request' })).statusCode).toBe(
      401,
    );
    expect(
      (await get('/api/sidebar/sops/refund-request', token({}, 'another-secret-0123456789'))).statusCode,
    ).toBe(401);
    const unknown = await get('/api/sidebar/sops/no-such-sop');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'sop.unknown' });
    expect(unknown.json().error.message).toContain('there is no SOP "no-such-sop"');
    for (const bad of ['Refund-Request', '..%2Fetc', '-leading-dash', 'a%00b']) {
      const response = await get(`/api/sidebar/sops/${bad}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('bad_request');
    }
    // Longer than any SOP id may be: Fastify refuses it before the route (414).
    expect((await get(`/api/sidebar/sops/a${'b'.repeat(300)}`)).statusCode).toBe(414);
  });

  it('records "Used this SOP" once per ticket as the JWT agent, audited, and says when it already was', async () => {
    const agent = token({ email: 'al@acme.test', role: 'agent' });
    const first = await post('/api/sidebar/sops/refund-request/used', { ticketId: '101' }, agent);
    expect(first.statusCode).toBe(200);
    expect(first.json<SidebarSopUse>()).toMatchObject({
      sopId: 'refund-request',
      ticketId: 'zendesk-main:101',
      recorded: true,
      usedAt: NOW.toISOString(),
    });
    const uses = await casebridge.store.sops.usagesForTickets(['zendesk-main:101']);
    expect(uses).toEqual([
      { sopId: 'refund-request', ticketId: 'zendesk-main:101', usedAt: NOW.toISOString() },
    ]);
    const audit = (await casebridge.store.auditLog.recent(50)).filter((a) => a.action === 'sop.used');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'zendesk:al@acme.test',
        target: 'zendesk-main:101',
        details: { sopId: 'refund-request' },
      }),
    ]);

    for (const again of [agent, token({ email: 'agent@acme.test' })]) {
      const repeat = await post('/api/sidebar/sops/refund-request/used', { ticketId: '101' }, again);
      expect(repeat.statusCode).toBe(200);
      expect(repeat.json<SidebarSopUse>()).toMatchObject({ recorded: false, usedAt: NOW.toISOString() });
      expect(repeat.json<SidebarSopUse>().message).toMatch(/^already recorded/);
    }
    expect(await casebridge.store.sops.usagesForTickets(['zendesk-main:101'])).toHaveLength(1);
    expect((await casebridge.store.auditLog.recent(50)).filter((a) => a.action === 'sop.used')).toHaveLength(
      1,
    );
    // The next first paint shows it as used.
    expect((await payload()).sops.find((s) => s.id === 'refund-request')?.usedAt).toBe(NOW.toISOString());
  });

  it.each([
    ['no token', null, { ticketId: '101' }, 401, 'unauthorized'],
    ['a forged token', token({}, 'another-secret-0123456789'), { ticketId: '101' }, 401, 'unauthorized'],
    [
      'an expired token',
      token({}, undefined, new Date(NOW.getTime() - 10 * 60_000)),
      { ticketId: '101' },
      401,
      'unauthorized',
    ],
    ['an end user', token({ email: 'jo@globex.test', role: 'admin' }), { ticketId: '101' }, 403, 'forbidden'],
    ['no body', token(), undefined, 400, 'bad_request'],
    ['no ticket', token(), {}, 400, 'bad_request'],
    ['a ticket id that is not one', token(), { ticketId: '1; drop table sops' }, 400, 'bad_request'],
    ['an actor in the body', token(), { ticketId: '101', by: 'someone-else' }, 400, 'bad_request'],
    ['an unknown ticket', token(), { ticketId: '999999' }, 404, 'tickets.unknown'],
  ])('refuses "used" with %s, recording nothing', async (_name, t, body, status, code) => {
    const response = await post('/api/sidebar/sops/account-lockout/used', body, t);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(
      (await casebridge.store.sops.usagesForTickets(['zendesk-main:101'])).map((u) => u.sopId),
    ).not.toContain('account-lockout');
  });

  it('says an unknown SOP is unknown (404) when recording use', async () => {
    const response = await post('/api/sidebar/sops/no-such-sop/used', { ticketId: '101' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'sop.unknown' });
    expect(response.json().error.message).toContain('"no-such-sop"');
  });
});
