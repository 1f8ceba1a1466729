import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../apps/server/server.js';
import { zendeskConnector, zendeskWebhookSignature } from '../../connectors/zendesk/index.js';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';

const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const SECRET = 'whsec-zendesk-test-secret';
const connection = {
  id: 'zendesk-main',
  kind: 'zendesk',
  subdomain: 'acme',
  auth: { email: 'ops@acme.com', apiToken: 't' },
  webhookSecret: SECRET,
};

describe('POST /webhooks/zendesk', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const triggered: string[] = [];
  const app = () =>
    buildServer({
      store: () => store,
      metrics: new Registry(),
      log,
      readiness: { ready: true, reason: '' },
      webhooks: {
        connections: () => [
          {
            connection,
            verify: (request) =>
              zendeskConnector.webhooks?.verify(connection as never, request) ?? {
                ok: false,
                message: 'none',
              },
          },
        ],
        jobsOf: () => ['zendesk-tickets', 'zendesk-people'],
        trigger: async (job) => {
          triggered.push(job);
        },
      },
    });
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterAll(async () => dispose());

  const signed = (body: string, timestamp = new Date().toISOString(), secret = SECRET) => ({
    method: 'POST' as const,
    url: '/webhooks/zendesk',
    payload: body,
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': zendeskWebhookSignature(secret, timestamp, body),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  });

  it('syncs the connection’s jobs now for an authentic webhook, and only once per burst', async () => {
    const server = app();
    const body = '{"type":"zen:event-type:ticket.status_changed","detail":{"id":"35436"}}';
    const first = await server.inject(signed(body));
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({
      accepted: true,
      connection: 'zendesk-main',
      syncing: ['zendesk-tickets', 'zendesk-people'],
    });
    const second = await server.inject(signed(body));
    expect(second.json()).toEqual({ accepted: true, connection: 'zendesk-main', syncing: [] });
    expect(triggered).toEqual(['zendesk-tickets', 'zendesk-people']);
    await server.close();
  });

  it('answers 401 and syncs nothing for a forged, unsigned, tampered or stale request', async () => {
    const server = app();
    triggered.length = 0;
    const body = '{"say":"hello"}';
    expect((await server.inject(signed(body, undefined, 'not-the-secret'))).statusCode).toBe(401);
    expect(
      (
        await server.inject({
          method: 'POST',
          url: '/webhooks/zendesk',
          payload: body,
          headers: { 'content-type': 'application/json' },
        })
      ).statusCode,
    ).toBe(401);
    const tampered = signed(body);
    expect((await server.inject({ ...tampered, payload: '{"say":"goodbye"}' })).statusCode).toBe(401);
    const stale = await server.inject(signed(body, new Date(Date.now() - 6 * 60_000).toISOString()));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe('unauthorized');
    expect(triggered).toEqual([]);
    expect(
      (await server.inject({ method: 'POST', url: '/webhooks/freshdesk', payload: body })).statusCode,
    ).toBe(404);
    await server.close();
  });
});
