import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Readiness } from '../../apps/server/server.js';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import { createSyncMetrics, runJob } from '../../shared/sync/index.js';
import { freshStore } from '../helpers/databases.js';
import { buildSourceLog } from '../helpers/source-log.js';
import { testConnector } from '../helpers/test-connector.js';

const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('server', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterAll(async () => dispose());

  it('is not ready until told so, and says why', async () => {
    const readiness: Readiness = { ready: false, reason: 'migrations running' };
    const app = buildServer({ store: () => store, metrics: new Registry(), log, readiness });
    const notReady = await app.inject({ method: 'GET', url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ error: { code: 'not_ready', message: 'migrations running' } });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    readiness.ready = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await app.close();
  });

  it('reports 503 when the database stops answering', async () => {
    const broken = { ...store, ping: async () => Promise.reject(new Error('connection terminated')) };
    const app = buildServer({
      store: () => broken,
      metrics: new Registry(),
      log,
      readiness: { ready: true, reason: '' },
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { code: 'database_unreachable', message: 'database unreachable: connection terminated' },
    });
    await app.close();
  });

  it('exposes sync runs, records and errors as Prometheus metrics', async () => {
    const metrics = new Registry();
    const observer = createSyncMetrics(metrics);
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-server-'));
    const { log: source } = buildSourceLog('metrics-crm', 30, 3);
    writeFileSync(join(dir, 's.json'), JSON.stringify(source));
    const job = { id: 'metrics-job', connection: 'metrics-crm', streams: ['tickets'], enabled: true };
    const connection = {
      id: 'metrics-crm',
      kind: 'test',
      sourceFile: join(dir, 's.json'),
      pageSize: 10,
      pageDelayMs: 0,
    };
    await runJob({ job, connection, connector: testConnector, store, log, observer });
    await runJob({
      job,
      connection: { ...connection, sourceFile: join(dir, 'missing.json') },
      connector: testConnector,
      store,
      log,
      observer,
      full: true,
    });
    const app = buildServer({ store: () => store, metrics, log, readiness: { ready: true, reason: '' } });
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toContain('casebridge_sync_runs_total{job="metrics-job",status="succeeded"} 1');
    expect(body).toContain('casebridge_sync_runs_total{job="metrics-job",status="failed"} 1');
    expect(body).toContain('casebridge_sync_errors_total{job="metrics-job"} 1');
    expect(body).toMatch(
      /casebridge_sync_records_total\{job="metrics-job",stream="tickets",kind="upserted"\} \d+/,
    );
    expect(body).toContain('casebridge_sync_pages_total{job="metrics-job",stream="tickets"} 3');
    await app.close();
  });
});
