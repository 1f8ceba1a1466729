import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCasebridge, type Casebridge } from '../../apps/composition-root.js';
import { buildServer } from '../../apps/server/server.js';
import { sidebarContext } from '../../apps/zendesk-sidebar/server/context.js';
import { crmFetchTicket, withCrmFetch } from '../../apps/zendesk-sidebar/server/fetch-wiring.js';
import type { SidebarPayload } from '../../apps/zendesk-sidebar/src/api-types.js';
import { connectorConfigInfo } from '../../connectors/index.js';
import {
  type RunningZendeskSandbox,
  sandboxConnection,
  startZendeskSandbox,
} from '../../connectors/zendesk/sandbox/index.js';
import { buildConfigSchema, type Config } from '../../shared/config/index.js';
import { errorMessage } from '../../shared/errors.js';
import { freshDatabaseUrl } from '../helpers/databases.js';
import { bearer, NOW, SECRET, token } from '../sidebar/harness.js';

/**
 * Freshness end to end: a ticket that exists in the Zendesk sandbox but was never synced is asked
 * for by the sidebar (with a Zendesk-signed JWT), fetched through the connector registry exactly
 * as `casebridge start` wires it (`withCrmFetch`), stored with its requester, and shown.
 */
describe('sidebar freshness: a ticket opened before the next sync', () => {
  let sandbox: RunningZendeskSandbox;
  let casebridge: Casebridge;
  let app: ReturnType<typeof buildServer>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ size: 120, seed: 9, rateLimitPerMinute: null });
    const database = await freshDatabaseUrl('sqlite');
    drop = database.drop;
    const config = buildConfigSchema(connectorConfigInfo()).parse({
      database: database.url,
      connections: [
        // The JWT's issuer (acme.zendesk.com) names the account; the sandbox stands in for it.
        { id: 'zendesk-main', kind: 'zendesk', ...sandboxConnection(sandbox.url), subdomain: 'acme' },
      ],
      sla: { policies: [{ id: 'std', targets: { first_reply: { minutes: 60, business: false } } }] },
      escalation: { levels: [{ name: 'Team lead' }] },
      zendeskApp: { sharedSecret: SECRET },
      log: { level: 'silent' },
    }) as Config;
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-freshness-'));
    casebridge = await buildCasebridge({ loaded: { config, path: null, baseDir: dir, secrets: [] } });
    app = buildServer({
      store: () => casebridge.store,
      metrics: new Registry(),
      log: casebridge.log,
      readiness: { ready: true, reason: '' },
      sidebar: sidebarContext(casebridge, { ...withCrmFetch(casebridge), now: () => NOW }),
    });
  });
  afterAll(async () => {
    await app?.close();
    await casebridge?.close();
    await drop?.();
    await sandbox?.close();
  });

  const get = (id: string) =>
    app.inject({ method: 'GET', url: `/api/sidebar/tickets/${id}`, headers: bearer(token()) });
  const showRequests = (id: number) =>
    sandbox.requests.filter((r) => r.path === `/api/v2/tickets/${id}`).length;

  it('answers with the context of a ticket only the CRM has, and stores it (card numbers masked)', async () => {
    expect(await casebridge.store.tickets.get('zendesk-main:8')).toBeNull();
    const raw = sandbox.data.currentTicket(8) as Record<string, unknown>;

    const response = await get('8');
    expect(response.statusCode).toBe(200);
    const payload = response.json<SidebarPayload>();
    expect(payload.fetchedOnDemand).toBe(true);
    expect(payload.ticket.subject).toContain('**** **** **** 1111');
    expect(payload.ticket.subject).not.toContain('4111 1111');
    // The engine ran on it: the policy's first-reply target exists.
    expect(payload.sla.map((t) => t.metric)).toContain('first_reply');
    expect(payload.customer?.people.length).toBeGreaterThan(0);

    const stored = await casebridge.store.tickets.get('zendesk-main:8');
    expect(stored).toMatchObject({ source: 'zendesk-main', externalId: '8', deleted: false });
    expect(stored?.subject).toContain('**** **** **** 1111');
    expect(stored?.requesterId).toBe(`zendesk-main:${raw.requester_id}`);
    const requester = await casebridge.store.people.get(`zendesk-main:${raw.requester_id}`);
    expect(requester?.role).toBe('end_user');
    if (raw.organization_id !== null)
      expect(await casebridge.store.organizations.get(`zendesk-main:${raw.organization_id}`)).not.toBeNull();
    expect((await casebridge.store.slaTargets.listForTickets(['zendesk-main:8'])).length).toBeGreaterThan(0);

    const audit = (await casebridge.store.auditLog.recent()).find(
      (e) => e.action === 'crm.fetchTicket' && e.target === 'zendesk-main:8',
    );
    expect(audit).toMatchObject({ actor: 'zendesk-sidebar', details: { found: true, quarantined: 0 } });
  });

  it('reads it from the store the next time, without asking the CRM again', async () => {
    const before = showRequests(8);
    const response = await get('8');
    expect(response.statusCode).toBe(200);
    expect(response.json<SidebarPayload>().fetchedOnDemand).toBe(false);
    expect(showRequests(8)).toBe(before);
  });

  it('is a 404 for a ticket neither casebridge nor the CRM has (deleted or unknown), audited', async () => {
    for (const id of ['51', '100000']) {
      const response = await get(id);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('tickets.unknown');
      expect(await casebridge.store.tickets.get(`zendesk-main:${id}`)).toBeNull();
    }
    const audit = (await casebridge.store.auditLog.recent()).find((e) => e.target === 'zendesk-main:100000');
    expect(audit).toMatchObject({ action: 'crm.fetchTicket', details: { found: false } });
  });

  it('says what failed when the CRM cannot be read in time or refuses the credentials, storing nothing', async () => {
    const connection = casebridge.connection('zendesk-main');
    // A 429 asking for 30 s: the agent is not kept waiting past the fetch's timeout.
    sandbox.inject({ kind: '429', retryAfterSeconds: 30 });
    const started = Date.now();
    const slow = await crmFetchTicket(casebridge, { timeoutMs: 300 })(connection, '9').catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(slow).toMatchObject({ code: 'crm.fetch_failed' });
    expect(errorMessage(slow)).toContain(
      'ticket 9 is not in casebridge yet, and reading it from zendesk-main failed',
    );

    const refused = await crmFetchTicket(casebridge)(
      { ...connection, auth: { oauthToken: 'not-the-token' } },
      '9',
    ).catch((e: unknown) => e);
    expect(errorMessage(refused)).toContain('Zendesk rejected the credentials (401');
    expect(await casebridge.store.tickets.get('zendesk-main:9')).toBeNull();
  });
});
