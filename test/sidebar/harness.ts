import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { buildCasebridge, type Casebridge } from '../../apps/composition-root.js';
import { buildServer } from '../../apps/server/server.js';
import { type FetchTicket, sidebarContext } from '../../apps/zendesk-sidebar/server/context.js';
import { signJwt } from '../../apps/zendesk-sidebar/server/jwt.js';
import { connectorConfigInfo } from '../../connectors/index.js';
import { buildConfigSchema, type Config } from '../../shared/config/index.js';
import { freshDatabaseUrl, type StoreKind } from '../helpers/databases.js';

export const SECRET = 'sidebar-test-secret-0123456789';
/** The repository root: the example scorecards and SOP library live there. */
export const ROOT = join(import.meta.dirname, '..', '..');
export const NOW = new Date('2026-03-10T12:00:00.000Z');

/** A Casebridge on a fresh database with a Zendesk (acme) and a Salesforce connection. */
export async function sidebarCasebridge(
  kind: StoreKind,
  zendeskApp: Record<string, unknown> = {},
): Promise<{ casebridge: Casebridge; dispose: () => Promise<void> }> {
  const { url, drop } = await freshDatabaseUrl(kind);
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-sidebar-'));
  const config = buildConfigSchema(connectorConfigInfo()).parse({
    database: url,
    connections: [
      {
        id: 'zendesk-main',
        kind: 'zendesk',
        subdomain: 'acme',
        baseUrl: 'http://127.0.0.1:9',
        auth: { oauthToken: 't' },
      },
      {
        id: 'salesforce-main',
        kind: 'salesforce',
        instanceUrl: 'https://acme.my.salesforce.com',
        apiVersion: '62.0',
        auth: { accessToken: 't' },
      },
    ],
    escalation: { levels: [{ name: 'Team lead' }, { name: 'Manager' }] },
    zendeskApp: { sharedSecret: SECRET, ...zendeskApp },
    // The example scorecards the demo ships: a refund ticket gets the billing (PCI) checklist.
    qa: { scorecards: join(ROOT, 'scorecards') },
    log: { level: 'silent' },
  }) as Config;
  const casebridge = await buildCasebridge({ loaded: { config, path: null, baseDir: dir, secrets: [] } });
  return {
    casebridge,
    dispose: async () => {
      await casebridge.close();
      await drop();
    },
  };
}

export function sidebarServer(
  casebridge: Casebridge,
  options: { fetchTicket?: FetchTicket; now?: () => Date } = {},
) {
  return buildServer({
    store: () => casebridge.store,
    metrics: new Registry(),
    log: casebridge.log,
    readiness: { ready: true, reason: '' },
    sidebar: sidebarContext(casebridge, { now: () => NOW, ...options }),
  });
}

/** A token as Zendesk's proxy signs it for the app's `client.request`. */
export function token(claims: Record<string, unknown> = {}, secret = SECRET, at = NOW): string {
  const iat = Math.floor(at.getTime() / 1000);
  return signJwt(
    {
      iss: 'acme.zendesk.com',
      aud: 'casebridge',
      sub: '42',
      email: 'agent@acme.test',
      role: 'admin',
      iat,
      exp: iat + 300,
      ...claims,
    },
    secret,
  );
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
