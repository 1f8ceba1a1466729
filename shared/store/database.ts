import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { CasebridgeError } from '../errors.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  dialect: Dialect;
  /** For SQLite the resolved file path (or `:memory:`); for PostgreSQL the URL with any password removed. */
  display: string;
  url: string;
  sqlite?: { path: string; busyTimeoutMs: number };
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle behind `db` on SQLite (for the fast bulk writer); null on PostgreSQL. */
  sqlite: SqliteDatabase.Database | null;
  target: DatabaseTarget;
  close(): Promise<void>;
}

/**
 * Accepted forms: `sqlite:./data/casebridge.db`, `sqlite::memory:`, `sqlite:/abs/path.db?busy_timeout=2000`,
 * `postgres://user@host:5432/db` (also `postgresql://`). Relative SQLite paths resolve against `baseDir`.
 */
export function parseDatabaseUrl(url: string, baseDir = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const [rawPath = '', query = ''] = url.slice('sqlite:'.length).split('?');
    if (rawPath === '') throw invalidUrl(url);
    const busy = new URLSearchParams(query).get('busy_timeout');
    const busyTimeoutMs = busy === null ? 5000 : Number(busy);
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw invalidUrl(url);
    const path = rawPath === ':memory:' ? rawPath : resolve(baseDir, rawPath);
    return { dialect: 'sqlite', display: path, url, sqlite: { path, busyTimeoutMs } };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    parsed.password = '';
    return { dialect: 'postgres', display: parsed.toString(), url };
  }
  throw invalidUrl(url);
}

function invalidUrl(url: string): CasebridgeError {
  return new CasebridgeError('config.database', `database "${url}" is not a database URL`, {
    hint: 'use sqlite:./data/casebridge.db or postgres://user@host:5432/db',
  });
}

/** Opens the database and proves it is reachable, turning driver errors into messages with a fix. */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  const opened =
    target.dialect === 'sqlite' ? openSqlite(target) : { db: openPostgres(target), handle: null };
  const { db } = opened;
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw explainDatabaseError(error, target);
  }
  return { db, dialect: target.dialect, sqlite: opened.handle, target, close: () => db.destroy() };
}

function openSqlite(target: DatabaseTarget): { db: Kysely<Database>; handle: SqliteDatabase.Database } {
  const options = target.sqlite ?? { path: ':memory:', busyTimeoutMs: 5000 };
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  let handle: SqliteDatabase.Database;
  try {
    handle = new SqliteDatabase(options.path, { timeout: options.busyTimeoutMs });
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    cachePreparedStatements(handle);
  } catch (error) {
    throw explainDatabaseError(error, target);
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) }), handle };
}

/**
 * Kysely prepares every query anew; batched upserts repeat the same SQL page after page, and
 * preparing a 1,000-row statement costs more than running it. Statements are reusable and Kysely
 * runs one at a time on this single connection, so a small cache keyed by SQL text is safe.
 */
function cachePreparedStatements(handle: SqliteDatabase.Database, limit = 256): void {
  const prepare = handle.prepare.bind(handle);
  const cache = new Map<string, SqliteDatabase.Statement>();
  handle.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof handle.prepare;
}

function openPostgres(target: DatabaseTarget): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function explainDatabaseError(error: unknown, target: DatabaseTarget): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  const code = (error as { code?: string }).code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || /database is locked/.test(detail)) {
    return new CasebridgeError(
      'database.locked',
      `SQLite database ${target.display} is locked by another process`,
      {
        hint: 'stop the other casebridge (or tool) using it, or point `database` at another file',
        cause: error,
      },
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || /timeout/i.test(detail)) {
    return new CasebridgeError(
      'database.unreachable',
      `cannot reach the database at ${target.display} (${code || detail})`,
      {
        hint: 'check that the server is running and that `database` in the config is right',
        cause: error,
      },
    );
  }
  if (code === '3D000') {
    return new CasebridgeError('database.missing', `the database in ${target.display} does not exist`, {
      hint: 'create it (createdb) or fix the database name in `database`',
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new CasebridgeError('database.auth', `the database refused the credentials in ${target.display}`, {
      hint: 'fix the user/password in `database`',
      cause: error,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_READONLY') {
    return new CasebridgeError(
      'database.file',
      `cannot use ${target.display} as a SQLite database (${code})`,
      {
        hint: 'check the path and its permissions, or point `database` at another file',
        cause: error,
      },
    );
  }
  return new CasebridgeError('database.error', `database error at ${target.display}: ${detail}`, {
    cause: error,
  });
}
