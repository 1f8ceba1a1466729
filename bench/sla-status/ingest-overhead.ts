import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DEMO_ESCALATION, DEMO_SLA } from '../../apps/demo-policies.js';
import { zendeskConnector } from '../../connectors/zendesk/index.js';
import { createLogger } from '../../shared/log/logger.js';
import { recomputeTickets } from '../../shared/services/engine/recompute.js';
import { EscalationConfig } from '../../shared/services/escalation/index.js';
import { SlaConfig } from '../../shared/services/sla/index.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';

const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

/**
 * Ingest time of the Zendesk tickets stream from its sandbox into SQLite, without and with the
 * engine's per-page recompute (policy targets + escalation rules). Same data, same run.
 */
export async function ingestOverhead(
  n: number,
): Promise<{ plainMs: number; withEngineMs: number; ratio: number }> {
  const sandbox = await zendeskConnector.sandbox?.start({ size: n, rateLimitPerMinute: null });
  if (sandbox === undefined) throw new Error('the Zendesk connector has no sandbox');
  const engine = { sla: SlaConfig.parse(DEMO_SLA), escalation: EscalationConfig.parse(DEMO_ESCALATION) };
  const timeRun = async (withEngine: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-ingest-'));
    const database = await openDatabase(parseDatabaseUrl(`sqlite:${join(dir, 'cb.db')}`));
    await migrateToLatest(database);
    const store = createStore(database);
    const connection = {
      id: 'zendesk-bench',
      kind: 'zendesk',
      ...zendeskConnector.sandbox?.connection(sandbox.url),
      requestsPerMinute: 100_000,
      exportRequestsPerMinute: 100_000,
    };
    const started = performance.now();
    const result = await runJob({
      job: {
        id: 'bench',
        connection: 'zendesk-bench',
        streams: ['tickets'],
        enabled: true,
        startFrom: '2020-01-01',
      },
      connection,
      connector: zendeskConnector,
      store,
      log: silent,
      ...(withEngine && {
        afterPage: async (tx, ids, known) =>
          void (await recomputeTickets(tx, ids, engine, new Date(), known)),
      }),
    });
    const ms = performance.now() - started;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (result.status !== 'succeeded') throw new Error(`ingest failed: ${result.error}`);
    return ms;
  };
  try {
    await timeRun(false); // warm-up: the sandbox generates pages lazily and caches nothing, but the JIT does
    const plainMs = await timeRun(false);
    const withEngineMs = await timeRun(true);
    return { plainMs, withEngineMs, ratio: withEngineMs / plainMs };
  } finally {
    await sandbox.close();
  }
}
