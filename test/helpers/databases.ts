import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createStore,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  type Store,
} from '../../shared/store/index.js';

/** The CI server: 127.0.0.1:5432, user postgres, trust auth, database `test`. */
export const POSTGRES_ADMIN_URL =
  process.env.CASEBRIDGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type StoreKind = 'sqlite' | 'postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The stores a suite runs against. In CI PostgreSQL is required: an unreachable server fails the
 * run. On a laptop without PostgreSQL the suite says why it ran on SQLite only.
 */
export async function storeKinds(): Promise<StoreKind[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI)
    throw new Error(`PostgreSQL is required in CI and is unreachable at ${POSTGRES_ADMIN_URL}`);
  console.warn(`PostgreSQL unreachable at ${POSTGRES_ADMIN_URL}: running the store suites on SQLite only`);
  return ['sqlite'];
}

/** A fresh, empty database per call — a file under a temp dir, or a new PostgreSQL database. */
export async function freshDatabaseUrl(kind: StoreKind): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-test-'));
    return { url: `sqlite:${join(dir, 'casebridge.db')}`, drop: async () => undefined };
  }
  const name = `cb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A migrated store on a fresh database; `dispose` closes it and drops the database. */
export async function freshStore(
  kind: StoreKind,
): Promise<{ store: Store; url: string; dispose: () => Promise<void> }> {
  const { url, drop } = await freshDatabaseUrl(kind);
  const database = await openDatabase(parseDatabaseUrl(url));
  await migrateToLatest(database);
  const store = createStore(database);
  return {
    store,
    url,
    dispose: async () => {
      await store.close();
      await drop();
    },
  };
}
