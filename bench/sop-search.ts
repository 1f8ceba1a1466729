// `npm run bench -- sop-search [--store sqlite|postgres] [--n 10000] [--queries 300]`
// Indexes N generated SOPs, then times full-text search and per-ticket suggestions through the
// SOP service (what the CLI, Slack and the sidebar call). Target: p95 under 20 ms for both.
// Last stdout line: {"bench":"sop-search","store","n","searchP95Ms","suggestP95Ms",...}.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type SopDocument, searchSops, suggestSops } from '../shared/services/sop/index.js';
import { indexEntry } from '../shared/services/sop/reindex.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../shared/store/index.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    n: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '300' },
  },
});
const n = Number(values.n);
const queries = Number(values.queries);

/** mulberry32: the same corpus and queries every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}
const random = seeded(20260201);

const TOPICS =
  'refund chargeback invoice billing password lockout login deletion privacy outage incident escalation bug shipping delivery return exchange warranty subscription cancel upgrade downgrade discount coupon tax receipt payment card fraud security account email verification phone api integration webhook export import report dashboard permissions admin sso mobile android ios browser crash slow timeout error sync calendar notification'.split(
    ' ',
  );
const COMMON =
  'customer ticket check confirm reply macro order agent note team tag status pending close escalate verify identity policy window days approval manager engineering update link send issue step first then after before never always time date amount console record'.split(
    ' ',
  );
const filler = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}x`);

function sentence(words: number, topic: string): string {
  return Array.from({ length: words }, () => {
    const r = random.next();
    return r < 0.08
      ? topic
      : r < 0.45
        ? random.pick(COMMON)
        : r < 0.5
          ? random.pick(TOPICS)
          : random.pick(filler);
  }).join(' ');
}

function document(i: number): SopDocument {
  const topic = random.pick(TOPICS);
  const second = random.pick(TOPICS);
  const body = [
    `# ${topic} procedure`,
    sentence(40, topic),
    ...Array.from({ length: 8 }, (_, s) => `${s + 1}. ${sentence(14, topic)}`),
  ].join('\n');
  return {
    id: `sop-${i}`,
    title: `${topic} ${second} ${random.pick(COMMON)} ${i}`,
    tags: [topic, second],
    appliesTo: [{ tags: [topic], keywords: [`${topic} ${random.pick(COMMON)}`] }],
    owner: `owner${i % 50}@acme.example`,
    version: '1',
    reviewIntervalDays: 90,
    lastVerified: '2026-01-01',
    path: `gen/${i}.md`,
    hash: String(i),
    body,
    plainText: body.replace(/^#+ |^\d+\. /gm, ''),
  };
}

async function databaseUrl(kind: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite')
    return {
      url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'casebridge-bench-')), 'cb.db')}`,
      drop: async () => undefined,
    };
  const admin = process.env.CASEBRIDGE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cb_bench_sop_${Date.now()}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

async function timeAll(label: string, work: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await work(i); // warm caches and prepared statements
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} ms, p95 ${p95(times).toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms over ${queries}`,
  );
  return p95(times);
}

const { url, drop } = await databaseUrl(values.store);
const database = await openDatabase(parseDatabaseUrl(url));
await migrateToLatest(database);
const store = createStore(database);
try {
  const started = performance.now();
  const at = new Date().toISOString();
  for (let from = 0; from < n; from += 1000)
    await store.transaction(async (tx) => {
      for (let i = from; i < Math.min(n, from + 1000); i++)
        await tx.sops.put(indexEntry(document(i), null), at);
    });
  if (store.dialect === 'postgres')
    await database.db.executeQuery({
      sql: 'analyze sops',
      parameters: [],
      query: { kind: 'RawNode' },
    } as never);
  const indexSeconds = (performance.now() - started) / 1000;
  console.log(`indexed ${n} SOPs on ${values.store} in ${indexSeconds.toFixed(1)} s`);

  const searches = Array.from({ length: queries + 20 }, () => {
    const r = random.next();
    if (r < 0.4) return random.pick(TOPICS);
    if (r < 0.7) return `${random.pick(TOPICS)} ${random.pick(COMMON)}`;
    if (r < 0.85) return `"${random.pick(COMMON)} ${random.pick(COMMON)}" ${random.pick(TOPICS)}`;
    return `how do I ${random.pick(COMMON)} a ${random.pick(TOPICS)} for a ${random.pick(COMMON)}?`;
  });
  const tickets = Array.from({ length: queries + 20 }, () => {
    const topic = random.pick(TOPICS);
    return {
      subject: `${random.pick(COMMON)} ${topic} ${random.pick(TOPICS)}`,
      description: sentence(60, topic),
      tags: [topic, random.pick(TOPICS)],
      channel: 'email' as const,
      priority: 'normal' as const,
      groupId: null,
    };
  });
  const searchP95Ms = await timeAll('search', (i) =>
    searchSops(store, searches[i % searches.length] ?? '', { limit: 10 }),
  );
  const suggestP95Ms = await timeAll('suggest', (i) =>
    suggestSops(store, tickets[i % tickets.length] ?? (tickets[0] as never), { limit: 5 }),
  );
  const result = {
    bench: 'sop-search',
    store: values.store,
    n,
    queries,
    indexSeconds: Number(indexSeconds.toFixed(2)),
    searchP95Ms: Number(searchP95Ms.toFixed(2)),
    suggestP95Ms: Number(suggestP95Ms.toFixed(2)),
    targetMs: 20,
    pass: searchP95Ms < 20 && suggestP95Ms < 20,
  };
  console.log(JSON.stringify(result));
} finally {
  await store.close();
  await drop();
}
