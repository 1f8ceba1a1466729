import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestMetrics } from '../../apps/request-metrics.js';
import { withSyncContext } from '../../shared/sync/index.js';

describe('CRM request metrics', () => {
  let base: string;
  const server = createServer((request, response) => {
    response.statusCode = request.url === '/limited' ? 429 : 200;
    response.end('{}');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const httpGet = (url: string) =>
    new Promise<void>((resolve) =>
      get(url, (response) => {
        response.resume();
        response.on('end', resolve);
      }),
    );

  it('counts requests and 429s per job and stream, for fetch and for node:http clients, only inside a sync', async () => {
    const registry = new Registry();
    const stop = registerRequestMetrics(registry);
    await withSyncContext({ jobId: 'zendesk-all', stream: 'tickets' }, async () => {
      await (await fetch(`${base}/limited`)).text();
      await (await fetch(`${base}/ok`)).text();
    });
    await withSyncContext({ jobId: 'salesforce-all', stream: 'sla' }, () => httpGet(`${base}/ok`));
    await (await fetch(`${base}/ok`)).text();
    stop();
    await withSyncContext(
      { jobId: 'zendesk-all', stream: 'tickets' },
      async () => void (await (await fetch(`${base}/ok`)).text()),
    );
    const text = await registry.metrics();
    expect(text).toContain(
      'casebridge_crm_requests_total{job="zendesk-all",stream="tickets",status="4xx"} 1',
    );
    expect(text).toContain(
      'casebridge_crm_requests_total{job="zendesk-all",stream="tickets",status="2xx"} 1',
    );
    expect(text).toContain('casebridge_crm_requests_total{job="salesforce-all",stream="sla",status="2xx"} 1');
    expect(text).toContain('casebridge_crm_rate_limited_total{job="zendesk-all",stream="tickets"} 1');
  });
});
