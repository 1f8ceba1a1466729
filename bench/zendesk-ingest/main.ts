// `npm run bench -- zendesk-ingest [--n N] [--store sqlite|postgres]`: syncs N tickets from the
// Zendesk sandbox (rate limit off, in a child process) through the real connector and runner, then
// measures a lower bound in the same run. The last stdout line is the JSON summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import pg from 'pg';
import { authorizationHeader } from '../../connectors/zendesk/config.js';
import { zendeskConnector } from '../../connectors/zendesk/index.js';
import { SANDBOX_CREDENTIALS, sandboxConnection } from '../../connectors/zendesk/sandbox/index.js';
import { createLogger } from '../../shared/log/logger.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { lowerBoundPostgres, lowerBoundSqlite } from './lower-bound.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}
const n = Number(option('n', '100000'));
const storeKind = option('store', 'sqlite');
if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive integer');
if (storeKind !== 'sqlite' && storeKind !== 'postgres') throw new Error('--store must be sqlite or postgres');

const ADMIN_URL = process.env.CASEBRIDGE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (storeKind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-'));
    return { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => undefined };
  }
  const name = `cb_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function startSandbox(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'sandbox-child.ts'), String(n)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [url] = await createInterface({ input: child.stdout })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [String(r.value)]);
  return { url: url as string, stop: () => child.kill('SIGTERM') };
}

const sandbox = await startSandbox();
const target = await freshDatabase();
const database = await openDatabase(parseDatabaseUrl(target.url));
await migrateToLatest(database);
const store = createStore(database);
const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

// Count the HTTP requests the connector sends (its client resolves the global fetch per call).
let requests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  requests += 1;
  return realFetch(input, init);
};
const connection = {
  id: 'bench',
  kind: 'zendesk',
  ...sandboxConnection(sandbox.url),
  exportRequestsPerMinute: null,
};
delete (connection as { requestsPerMinute?: number }).requestsPerMinute;
console.log(`baseline rss ${Math.round(process.memoryUsage().rss / 1e6)} MB (runtime, tsx, drivers)`);
console.log(`syncing ${n} tickets from ${sandbox.url} into ${storeKind} (${database.target.display})`);
const started = performance.now();
const result = await runJob({
  job: { id: 'bench', connection: 'bench', streams: ['tickets'], enabled: true, startFrom: '2020-01-01' },
  connection,
  connector: zendeskConnector,
  store,
  log,
  observer: {
    onPage: ({ total }) => {
      if (total.pages % 20 !== 0) return;
      const { rss, heapUsed } = process.memoryUsage();
      const done = total.upserted + total.deleted + total.quarantined;
      console.log(
        `  ${done} tickets, rss ${Math.round(rss / 1e6)} MB, heap ${Math.round(heapUsed / 1e6)} MB`,
      );
    },
  },
});
const seconds = (performance.now() - started) / 1000;
globalThis.fetch = realFetch;
if (result.status !== 'succeeded') throw new Error(`the sync failed: ${result.error}`);
const synced = result.counts.upserted + result.counts.deleted + result.counts.quarantined;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const perSecond = Math.round(synced / seconds);
console.log(
  `casebridge: ${synced} tickets in ${seconds.toFixed(2)} s = ${perSecond}/s, peak RSS ${peakRssMb} MB, ${requests} requests`,
);
await store.close();

const auth = authorizationHeader(SANDBOX_CREDENTIALS.admin);
// A second fresh, migrated database: the lower bound writes into the same table with the same indexes.
const lowerTarget = await freshDatabase();
const lowerDatabase = await openDatabase(parseDatabaseUrl(lowerTarget.url));
await migrateToLatest(lowerDatabase);
await lowerDatabase.close();
const lbStarted = performance.now();
const lbRows =
  storeKind === 'sqlite'
    ? await lowerBoundSqlite(sandbox.url, auth, lowerTarget.url.slice('sqlite:'.length))
    : await lowerBoundPostgres(sandbox.url, auth, lowerTarget.url);
const lbSeconds = (performance.now() - lbStarted) / 1000;
const lowerBoundPerSecond = Math.round(lbRows / lbSeconds);
console.log(
  `lower bound (fetch + JSON.parse + one prepared INSERT into the same table, one transaction): ${lbRows} rows in ${lbSeconds.toFixed(2)} s = ${lowerBoundPerSecond}/s`,
);

sandbox.stop();
await target.drop();
await lowerTarget.drop();
console.log(
  JSON.stringify({
    bench: 'zendesk-ingest',
    n,
    store: storeKind,
    perSecond,
    lowerBoundPerSecond,
    ratio: Number((lowerBoundPerSecond / perSecond).toFixed(2)),
    peakRssMb,
    requests,
  }),
);
process.exit(0);
