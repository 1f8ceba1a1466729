// `npm run bench -- sla-status [--store sqlite|postgres] [--tickets N] [--runs R] [--ingest N]`
// With N tickets (default 1,000,000) and 3 SLA targets each in the store, times `sla today` and
// `escalations` (the services the CLI, Slack and sidebar call) and the ingest overhead of the
// engine. Last line: {"bench":"sla-status",...,"slaTodayMs","escalationsMs","ingestOverheadRatio"}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { DEMO_ESCALATION, DEMO_SLA } from '../../apps/demo-policies.js';
import { createLogger } from '../../shared/log/logger.js';
import { EscalationConfig } from '../../shared/services/escalation/index.js';
import { createEscalationService } from '../../shared/services/escalation/service.js';
import { SlaConfig } from '../../shared/services/sla/index.js';
import { slaStatusToday } from '../../shared/services/sla/status.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../../shared/store/index.js';
import { ingestOverhead } from './ingest-overhead.js';
import { seed } from './seed.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    tickets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '15' },
    ingest: { type: 'string', default: '20000' },
  },
});
const n = Number(values.tickets);
const runs = Number(values.runs);
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

async function databaseUrl(kind: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-'));
    return {
      url: `sqlite:${join(dir, 'cb.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.CASEBRIDGE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cb_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
async function timeMedian(label: string, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const ms = median(times);
  console.log(
    `${label}: median ${ms.toFixed(1)} ms over ${runs} runs (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );
  return ms;
}

const { url, drop } = await databaseUrl(values.store);
const database = await openDatabase(parseDatabaseUrl(url));
await migrateToLatest(database);
const store = createStore(database);
try {
  const now = Date.now();
  const seeding = performance.now();
  await seed(store, n, now, (done) => {
    if (done % 100_000 === 0)
      console.log(
        `seeded ${done.toLocaleString('en-US')} tickets, ${(done * 3).toLocaleString('en-US')} targets`,
      );
  });
  console.log(`seeding took ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  // Seeding bypasses the sync runner, which refreshes the planner statistics after every run.
  await store.optimize();
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
  const sla = SlaConfig.parse(DEMO_SLA);
  const escalations = createEscalationService({
    store,
    config: () => EscalationConfig.parse(DEMO_ESCALATION),
    log: silent,
  });
  const slaTodayMs = await timeMedian('sla today', async () => {
    const today = await slaStatusToday(store, sla);
    if (today.totals.dueToday === 0 && n >= 100_000) throw new Error('seed produced nothing due today');
  });
  const escalationsMs = await timeMedian('escalations', () => escalations.listOpen());
  const ingest = await ingestOverhead(Number(values.ingest));
  console.log(
    `ingest of ${values.ingest} Zendesk tickets: ${ingest.plainMs.toFixed(0)} ms plain, ${ingest.withEngineMs.toFixed(0)} ms with the engine (×${ingest.ratio.toFixed(3)})`,
  );
  console.log(
    JSON.stringify({
      bench: 'sla-status',
      store: values.store,
      tickets: n,
      targets: n * 3,
      slaTodayMs: Number(slaTodayMs.toFixed(1)),
      escalationsMs: Number(escalationsMs.toFixed(1)),
      ingestOverheadRatio: Number(ingest.ratio.toFixed(3)),
    }),
  );
} finally {
  await store.close();
  await drop();
}
