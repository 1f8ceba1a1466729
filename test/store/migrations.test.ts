import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertSchemaUsable,
  MIGRATIONS,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  SCHEMA_VERSION,
} from '../../shared/store/index.js';
import { freshDatabaseUrl, storeKinds } from '../helpers/databases.js';
import { failureOf } from '../helpers/errors.js';

const kinds = await storeKinds();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function openFresh(kind: (typeof kinds)[number]) {
  const { url, drop } = await freshDatabaseUrl(kind);
  const database = await openDatabase(parseDatabaseUrl(url));
  cleanups.push(async () => {
    await database.close();
    await drop();
  });
  return { database, url };
}

describe.each(kinds)('migrations on %s', (kind) => {
  it('migrates an empty database to the latest schema, and a second run applies nothing', async () => {
    const { database } = await openFresh(kind);
    const first = await migrateToLatest(database);
    expect(first.current).toBe(SCHEMA_VERSION);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`));
    expect((await migrateToLatest(database)).applied).toEqual([]);
  });

  it('refuses a database migrated by a newer casebridge, naming the fix', async () => {
    const { database } = await openFresh(kind);
    await migrateToLatest(database);
    await database.db
      .insertInto('casebridge_migrations')
      .values({ version: SCHEMA_VERSION + 1, name: 'from-the-future', applied_at: new Date().toISOString() })
      .execute();
    expect(await failureOf(assertSchemaUsable(database))).toMatch(
      /migrated by a newer casebridge.*upgrade casebridge/,
    );
    expect(await failureOf(migrateToLatest(database))).toMatch(/newer casebridge/);
  });

  it('rolls back a migration that fails half-way: no table of it remains', async () => {
    const { database } = await openFresh(kind);
    // A table named like one the initial migration creates late makes it fail after creating others.
    await sql`create table audit_log (id integer)`.execute(database.db);
    await expect(migrateToLatest(database)).rejects.toThrow(/migration failed and was rolled back/);
    const tables = await database.db.introspection.getTables();
    const names = tables.map((t) => t.name);
    expect(names).not.toContain('tickets');
    expect(names).toContain('audit_log');
  });
});

describe('database errors a user can cause', () => {
  it('reports an unreachable PostgreSQL with the fix', async () => {
    expect(await failureOf(openDatabase(parseDatabaseUrl('postgres://postgres@127.0.0.1:1/none')))).toMatch(
      /cannot reach the database at postgres:\/\/postgres@127\.0\.0\.1:1\/none.*check that the server is running/,
    );
  });

  it('reports a locked SQLite file instead of hanging', async () => {
    const { url } = await freshDatabaseUrl('sqlite');
    const path = url.slice('sqlite:'.length);
    const holder = new SqliteDatabase(path);
    holder.exec('create table t (x integer); begin exclusive; insert into t values (1);');
    try {
      const failure = await failureOf(async () => {
        const database = await openDatabase(parseDatabaseUrl(`${url}?busy_timeout=50`));
        try {
          await migrateToLatest(database);
        } finally {
          await database.close();
        }
      });
      expect(failure).toMatch(/is locked by another process — stop the other casebridge/);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });

  it('rejects a URL that is not a database URL', async () => {
    expect(await failureOf(() => parseDatabaseUrl('mysql://x'))).toMatch(
      /not a database URL — use sqlite:.*or postgres:/,
    );
  });
});
