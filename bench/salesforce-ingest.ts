// `npm run bench -- salesforce-ingest [--n N] [--store sqlite|postgres] [--bulk]`: syncs N cases from
// the Salesforce sandbox (in a child process, generating cases lazily) through the real connector and
// runner, then measures a lower bound in the same run: the same pages fetched with plain fetch and
// parsed, the same rows inserted with one prepared statement in one transaction, no mapping or
// validation. `--bulk` backfills through Bulk API 2.0 (CSV locator pages) instead of REST queryAll.
// The last stdout line is the JSON summary.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { csvRecords } from '../connectors/salesforce/bulk.js';
import { salesforceConnector } from '../connectors/salesforce/index.js';
import {
  SANDBOX_CREDENTIALS,
  sandboxConnection,
  startSalesforceSandbox,
} from '../connectors/salesforce/sandbox/index.js';
import { createLogger } from '../shared/log/logger.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../shared/store/index.js';
import { type RunJobOptions, runJob } from '../shared/sync/index.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}
const n = Number(option('n', '100000'));

async function main(): Promise<void> {
  const storeKind = option('store', 'sqlite');
  const bulk = process.argv.includes('--bulk');
  if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive integer');
  if (storeKind !== 'sqlite' && storeKind !== 'postgres')
    throw new Error('--store must be sqlite or postgres');
  const sandbox = await startSandbox();
  // A failure must not leave the sandbox process serving (it holds the terminal's output open).
  process.on('exit', () => sandbox.stop());
  const target = await freshDatabase(storeKind);
  const database = await openDatabase(parseDatabaseUrl(target.url));
  await migrateToLatest(database);
  const store = createStore(database);
  const log = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });

  // Count the HTTP requests jsforce sends (node-fetch calls http.request per request).
  let requests = 0;
  const realRequest = http.request;
  http.request = ((...args: Parameters<typeof http.request>) => {
    requests += 1;
    return realRequest(...args);
  }) as typeof http.request;
  const connection = {
    id: 'bench',
    kind: 'salesforce',
    ...sandboxConnection(sandbox.url),
    bulkThreshold: bulk ? 1 : 0,
    batchSize: 2000,
  };
  console.log(
    `syncing ${n} cases from ${sandbox.url} into ${storeKind} via ${bulk ? 'Bulk API 2.0' : 'REST queryAll'}`,
  );
  const started = performance.now();
  const result = await runJob({
    job: { id: 'bench', connection: 'bench', streams: ['tickets'], enabled: true, startFrom: '2020-01-01' },
    connection,
    connector: salesforceConnector as RunJobOptions['connector'],
    store,
    log,
    observer: {
      onPage: ({ total }) => {
        if (total.pages % 10 === 0)
          console.log(`  ${total.upserted + total.deleted + total.quarantined} cases`);
      },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  http.request = realRequest;
  if (result.status !== 'succeeded') throw new Error(`the sync failed: ${result.error}`);
  const synced = result.counts.upserted + result.counts.deleted + result.counts.quarantined;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const perSecond = Math.round(synced / seconds);
  console.log(
    `casebridge: ${synced} cases in ${seconds.toFixed(2)} s = ${perSecond}/s, peak RSS ${peakRssMb} MB, ` +
      `${requests} requests (ceil(N/2000) = ${Math.ceil(n / 2000)} + token${bulk ? ', COUNT(), job create and poll' : ''})`,
  );
  await store.close();

  const lbStarted = performance.now();
  const pages = bulk ? bulkPages(sandbox.url) : restPages(sandbox.url);
  const lbRows = storeKind === 'sqlite' ? await lowerBoundSqlite(pages) : await lowerBoundPostgres(pages);
  const lbSeconds = (performance.now() - lbStarted) / 1000;
  const lowerBoundPerSecond = Math.round(lbRows / lbSeconds);
  console.log(
    `lower bound (fetch + parse + prepared INSERT, one transaction): ${lbRows} rows in ${lbSeconds.toFixed(2)} s = ${lowerBoundPerSecond}/s`,
  );
  sandbox.stop();
  await target.drop();
  console.log(
    JSON.stringify({
      bench: 'salesforce-ingest',
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
}

async function startSandbox(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--sandbox-child', '--n', String(n)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return { url: String(first.value), stop: () => child.kill('SIGTERM') };
}

const ADMIN_URL = process.env.CASEBRIDGE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabase(kind: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    return {
      url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'casebridge-bench-')), 'bench.db')}`,
      drop: async () => undefined,
    };
  }
  const name = `cb_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return { url: url.toString(), drop };
}

type Raw = Record<string, unknown>;
const FIELDS =
  'Id, SystemModstamp, IsDeleted, CaseNumber, Subject, Description, Status, Priority, Origin, Type, Reason, IsClosed, IsEscalated, ClosedDate, ContactId, AccountId, OwnerId, CreatedDate, LastModifiedDate, Tags__c';
const SOQL = `SELECT ${FIELDS} FROM Case WHERE SystemModstamp >= 2020-01-01T00:00:00Z AND SystemModstamp < ${new Date().toISOString().slice(0, 19)}Z`;

async function token(url: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: SANDBOX_CREDENTIALS.clientId,
    client_secret: SANDBOX_CREDENTIALS.clientSecret,
    refresh_token: SANDBOX_CREDENTIALS.refreshToken,
  });
  const response = await fetch(`${url}/services/oauth2/token`, { method: 'POST', body });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The REST pages the connector reads: queryAll with batchSize 2000, following nextRecordsUrl. */
async function* restPages(url: string): AsyncGenerator<Raw[]> {
  const headers = { authorization: `Bearer ${await token(url)}`, 'sforce-query-options': 'batchSize=2000' };
  let next: string | undefined =
    `/services/data/v62.0/queryAll?q=${encodeURIComponent(`${SOQL} ORDER BY SystemModstamp, Id`)}`;
  while (next !== undefined) {
    const body = JSON.parse(await (await fetch(`${url}${next}`, { headers })).text()) as {
      records: Raw[];
      done: boolean;
      nextRecordsUrl?: string;
    };
    yield body.records;
    next = body.done ? undefined : body.nextRecordsUrl;
  }
}

/** The Bulk API 2.0 pages: one job, CSV results by Sforce-Locator, 2000 rows each. */
async function* bulkPages(url: string): AsyncGenerator<Raw[]> {
  const headers = { authorization: `Bearer ${await token(url)}`, 'content-type': 'application/json' };
  const api = `${url}/services/data/v62.0/jobs/query`;
  const job = (await (
    await fetch(api, {
      method: 'POST',
      headers,
      body: JSON.stringify({ operation: 'queryAll', query: SOQL }),
    })
  ).json()) as { id: string };
  await fetch(`${api}/${job.id}`, { headers });
  let locator = '';
  for (;;) {
    const response = await fetch(`${api}/${job.id}/results?maxRecords=2000${locator}`, { headers });
    yield csvRecords(await response.text(), new Set(['IsDeleted', 'IsClosed', 'IsEscalated']));
    const next = response.headers.get('sforce-locator');
    if (next === null || next === 'null') return;
    locator = `&locator=${encodeURIComponent(next)}`;
  }
}

const COLUMNS = [
  'id',
  'source',
  'external_id',
  'number',
  'subject',
  'description',
  'status',
  'priority',
  'type',
  'requester_id',
  'organization_id',
  'assignee_id',
  'tags',
  'custom_fields',
  'created_at',
  'updated_at',
];
const DDL = `create table lb_cases (${COLUMNS.map((c) => `${c} text`).join(', ')}, primary key (id))`;
const row = (c: Raw): unknown[] => [
  `lb:${c.Id}`,
  'lb',
  c.Id,
  c.CaseNumber,
  c.Subject,
  c.Description,
  c.Status,
  c.Priority,
  c.Type,
  c.ContactId,
  c.AccountId,
  c.OwnerId,
  JSON.stringify(c.Tags__c ?? null),
  '{}',
  c.CreatedDate,
  c.LastModifiedDate,
];

async function lowerBoundSqlite(pages: AsyncGenerator<Raw[]>): Promise<number> {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'casebridge-lb-')), 'lb.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(DDL);
  const insert = db.prepare(`insert into lb_cases values (${COLUMNS.map(() => '?').join(', ')})`);
  let rows = 0;
  db.exec('begin');
  for await (const records of pages) {
    for (const c of records) insert.run(...row(c));
    rows += records.length;
  }
  db.exec('commit');
  db.close();
  return rows;
}

async function lowerBoundPostgres(pages: AsyncGenerator<Raw[]>): Promise<number> {
  const lb = await freshDatabase('postgres');
  const client = new pg.Client({ connectionString: lb.url });
  await client.connect();
  try {
    await client.query(DDL);
    const text = `insert into lb_cases values (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
    let rows = 0;
    await client.query('begin');
    for await (const records of pages) {
      for (const c of records) await client.query({ name: 'lb_insert', text, values: row(c) });
      rows += records.length;
    }
    await client.query('commit');
    return rows;
  } finally {
    await client.end();
    await lb.drop();
  }
}

// Last, so every constant above is initialised before the top-level await runs.
if (process.argv.includes('--sandbox-child')) {
  // The sandbox in its own process, so the benchmark's CPU and peak RSS are the sync's alone.
  const sandbox = await startSalesforceSandbox({ size: n, seed: 1 });
  process.stdout.write(`${sandbox.url}\n`);
  process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
} else {
  await main();
}
