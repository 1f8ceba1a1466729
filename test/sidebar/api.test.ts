import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Casebridge } from '../../apps/composition-root.js';
import type { SidebarHistoryPage, SidebarPayload } from '../../apps/zendesk-sidebar/src/api-types.js';
import { storeKinds } from '../helpers/databases.js';
import { aPerson, aTicket } from '../helpers/records.js';
import { bearer, NOW, sidebarCasebridge, sidebarServer, token } from './harness.js';
import { EVIL_SUBJECT, seedBigCustomer, seedCustomer } from './seed.js';

const kinds = await storeKinds();

describe.each(kinds)('sidebar API on %s', (kind) => {
  let casebridge: Casebridge;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof sidebarServer>;
  beforeAll(async () => {
    ({ casebridge, dispose } = await sidebarCasebridge(kind));
    await seedCustomer(casebridge.store);
    await seedBigCustomer(casebridge.store, 5000);
    await casebridge.store.tickets.upsertMany([
      aTicket({ source: 'zendesk-main', externalId: '900', requesterId: 'zendesk-main:big' }),
    ]);
    app = sidebarServer(casebridge);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });
  const get = (url: string, t = token()) => app.inject({ method: 'GET', url, headers: bearer(t) });
  const post = (url: string, body: unknown, t = token()) =>
    app.inject({ method: 'POST', url, headers: bearer(t), payload: body as Record<string, unknown> });

  it('returns everything the first paint needs in one call', async () => {
    const response = await get('/api/sidebar/tickets/101');
    expect(response.statusCode).toBe(200);
    const body = response.json<SidebarPayload>();
    expect(body.ticket.subject).toBe(EVIL_SUBJECT);
    expect(body.sla.map((s) => [s.metric, s.stage])).toEqual([
      ['resolution', 'breached'],
      ['first_reply', 'active'],
    ]);
    expect(body.escalation).toBeNull();
    expect(body.actions).toEqual(['escalate']);
    expect(body.levels).toEqual([
      { level: 1, name: 'Team lead' },
      { level: 2, name: 'Manager' },
    ]);
    const customer = body.customer;
    expect(customer?.people.map((p) => p.url)).toEqual(
      expect.arrayContaining([
        'https://acme.zendesk.com/agent/users/u1',
        'https://acme.my.salesforce.com/lightning/r/Contact/C1/view',
      ]),
    );
    expect(customer?.organizations.map((o) => [o.label, o.tier])).toEqual(
      expect.arrayContaining([
        ['Globex', 'enterprise'],
        ['Globex Corp', 'gold'],
      ]),
    );
    expect(customer?.openTickets.map((t) => t.source).sort()).toEqual(['salesforce-main', 'zendesk-main']);
    expect(customer?.totalTickets).toBe(3);
    expect(customer?.csatPct).toBe(100);
    expect(body.qaFlags).toEqual([
      expect.objectContaining({ flaggedBy: 'slack:U123', reason: 'Tone was curt in the second reply' }),
    ]);
  });

  it.each([
    ['no token', undefined],
    ['a forged token', token({}, 'another-secret-0123456789')],
    ['an expired token', token({}, undefined, new Date(NOW.getTime() - 10 * 60_000))],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token().split('.')[1]}.`],
    ['a wrong audience', token({ aud: 'someone-else' })],
    ['an unknown Zendesk account', token({ iss: 'evil.zendesk.com' })],
    ['a token living a day', token({ exp: Math.floor(NOW.getTime() / 1000) + 86_400 })],
    ['garbage', 'not.a.jwt'],
  ])('refuses %s with 401', async (_name, t) => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/sidebar/tickets/101',
      ...(t !== undefined && { headers: bearer(t) }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toMatch(/unauthorized|unknown_account/);
  });

  it('says a ticket that exists nowhere is unknown (404)', async () => {
    const response = await get('/api/sidebar/tickets/999999');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('tickets.unknown');
    expect((await get('/api/sidebar/tickets/abc')).statusCode).toBe(400);
  });

  it('escalates, acknowledges and resolves by role, audited', async () => {
    const agent = token({ email: 'al@acme.test', role: 'agent' });
    const escalated = await post(
      '/api/sidebar/tickets/101/escalate',
      { level: 2, reason: 'VIP angry' },
      agent,
    );
    expect(escalated.statusCode).toBe(200);
    const body = escalated.json<SidebarPayload>();
    expect(body.escalation).toMatchObject({ level: 2, levelName: 'Manager', reasons: ['VIP angry'] });
    expect(body.actions).toEqual(['escalate', 'acknowledge']);
    const stored = await casebridge.store.escalations.latestForTicket('zendesk-main:101');
    expect(stored).toMatchObject({ level: 2, openedBy: 'zendesk:al@acme.test' });
    // The agent claims admin, but the store knows they are an agent: resolving is refused.
    const refused = await post(
      '/api/sidebar/tickets/101/resolve',
      {},
      token({ email: 'al@acme.test', role: 'admin' }),
    );
    expect(refused.statusCode).toBe(403);
    expect(
      (await post('/api/sidebar/tickets/101/acknowledge', {}, agent)).json<SidebarPayload>().escalation
        ?.acknowledgedBy,
    ).toBe('zendesk:al@acme.test');
    const resolved = await post('/api/sidebar/tickets/101/resolve', { note: 'done' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json<SidebarPayload>().escalation?.resolvedAt).not.toBeNull();
    const audit = await casebridge.store.auditLog.recent(20);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['escalation.escalate', 'escalation.acknowledge', 'escalation.resolve']),
    );
  });

  it('hides and refuses actions for a role without them', async () => {
    const light = token({ email: 'light@acme.test', role: 'light-agent' });
    expect((await get('/api/sidebar/tickets/101', light)).json<SidebarPayload>().actions).toEqual([]);
    const response = await post('/api/sidebar/tickets/101/escalate', { level: 1, reason: 'x' }, light);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it('pages the history of a customer with 5,000 tickets, fast and complete', async () => {
    const first = await get('/api/sidebar/tickets/900');
    expect(first.json<SidebarPayload>().customer?.totalTickets).toBe(5001);
    const seen = new Set<string>();
    let cursor: string | null = first.json<SidebarPayload>().customer?.nextCursor ?? null;
    for (const t of first.json<SidebarPayload>().customer?.recentTickets ?? []) seen.add(t.id);
    const started = performance.now();
    let pages = 0;
    while (cursor !== null) {
      const page = await get(`/api/sidebar/tickets/900/history?limit=100&cursor=${cursor}`);
      expect(page.statusCode).toBe(200);
      const body = page.json<SidebarHistoryPage>();
      for (const t of body.tickets) seen.add(t.id);
      cursor = body.nextCursor;
      pages++;
    }
    expect(seen.size).toBe(5001);
    expect(pages).toBe(50);
    expect((performance.now() - started) / pages).toBeLessThan(100);
    expect((await get('/api/sidebar/tickets/900/history?cursor=bogus')).statusCode).toBe(400);
  });

  it('fetches a ticket opened before the next sync from the CRM, and stores it', async () => {
    const fresh = sidebarServer(casebridge, {
      fetchTicket: async (connection, externalId) =>
        externalId === '777'
          ? {
              ticket: aTicket({
                source: connection.id,
                externalId,
                requesterId: `${connection.id}:new1`,
                subject: 'Just now',
              }),
              people: [aPerson({ source: connection.id, externalId: 'new1', email: 'new@globex.test' })],
              organizations: [],
            }
          : null,
    });
    const response = await fresh.inject({
      method: 'GET',
      url: '/api/sidebar/tickets/777',
      headers: bearer(token()),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<SidebarPayload>()).toMatchObject({
      fetchedOnDemand: true,
      ticket: { subject: 'Just now' },
    });
    expect(await casebridge.store.tickets.get('zendesk-main:777')).not.toBeNull();
    expect((await casebridge.store.people.findByEmail('new@globex.test')).length).toBe(1);
    await fresh.close();
  });
});

describe('sidebar API configuration', () => {
  it('checks the issuer when one is configured, and is off without zendeskApp', async () => {
    const { casebridge, dispose } = await sidebarCasebridge('sqlite', { issuer: 'acme.zendesk.com' });
    await seedCustomer(casebridge.store);
    const app = sidebarServer(casebridge);
    expect((await app.inject({ url: '/api/sidebar/tickets/101', headers: bearer(token()) })).statusCode).toBe(
      200,
    );
    await app.close();
    await dispose();
  });
});
