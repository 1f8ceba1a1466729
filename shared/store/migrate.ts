import { type Kysely, sql } from 'kysely';
import { CasebridgeError } from '../errors.js';
import type { Dialect, OpenDatabase } from './database.js';
import { explainDatabaseError } from './database.js';
import { initial } from './migrations/0001-initial.js';
import { jobControl } from './migrations/0002-job-control.js';
import { slaAndQa } from './migrations/0003-sla-and-qa.js';
import { eventOrder } from './migrations/0004-event-order.js';
import { sop } from './migrations/0005-sop.js';
import { qa } from './migrations/0006-qa.js';
import { openTargets } from './migrations/0007-open-targets.js';
import { sopKeywordPhrases } from './migrations/0008-sop-keyword-phrases.js';
import { sopOrigin } from './migrations/0009-sop-origin.js';
import { sopRankStorage } from './migrations/0010-sop-rank-storage.js';
import type { Database } from './schema.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration this version of casebridge knows, in order. Append; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  jobControl,
  slaAndQa,
  eventOrder,
  sop,
  qa,
  openTargets,
  sopKeywordPhrases,
  sopOrigin,
  sopRankStorage,
];
export const SCHEMA_VERSION = Math.max(0, ...MIGRATIONS.map((m) => m.version));

export interface MigrationStatus {
  current: number;
  latest: number;
  applied: string[];
}

/**
 * Applies pending migrations, each in its own transaction so a failure leaves the database as it
 * was (both SQLite and PostgreSQL roll back DDL). Kysely's Migrator is not used because it runs
 * SQLite migrations outside a transaction. Concurrent starts on PostgreSQL serialise on an
 * advisory lock; SQLite serialises on its write lock.
 */
export async function migrate(database: OpenDatabase): Promise<MigrationStatus> {
  const { db, dialect } = database;
  try {
    await ensureMigrationsTable(db);
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      const ran = await db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7426113)`.execute(trx);
        if ((await appliedVersions(trx)).has(migration.version)) return false;
        await migration.up(trx as unknown as Kysely<unknown>, dialect);
        await trx
          .insertInto('casebridge_migrations')
          .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
          .execute();
        return true;
      });
      if (ran) applied.push(`${String(migration.version).padStart(4, '0')}-${migration.name}`);
    }
    return { current: await currentVersion(db), latest: SCHEMA_VERSION, applied };
  } catch (error) {
    if (error instanceof CasebridgeError) throw error;
    throw explainMigrationError(error, database);
  }
}

/** Refuses a database that a newer casebridge has migrated: this version would misread it. */
export async function assertSchemaUsable(database: OpenDatabase): Promise<MigrationStatus> {
  await ensureMigrationsTable(database.db);
  const current = await currentVersion(database.db);
  const known = new Set(MIGRATIONS.map((m) => m.version));
  const unknown = [...(await appliedVersions(database.db))].filter((v) => !known.has(v));
  if (unknown.length > 0 || current > SCHEMA_VERSION) {
    throw new CasebridgeError(
      'database.newer',
      `the database at ${database.target.display} was migrated by a newer casebridge (schema ${current}; this version knows up to ${SCHEMA_VERSION})`,
      { hint: 'upgrade casebridge, or point `database` at another database' },
    );
  }
  return { current, latest: SCHEMA_VERSION, applied: [] };
}

export async function migrateToLatest(database: OpenDatabase): Promise<MigrationStatus> {
  await assertSchemaUsable(database);
  return migrate(database);
}

async function ensureMigrationsTable(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('casebridge_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
}

/** Every applied version: a migration is pending when its own version is missing, not only above the highest. */
async function appliedVersions(db: Kysely<Database>): Promise<Set<number>> {
  const rows = await db.selectFrom('casebridge_migrations').select('version').execute();
  return new Set(rows.map((r) => Number(r.version)));
}

async function currentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('casebridge_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

function explainMigrationError(error: unknown, database: OpenDatabase): CasebridgeError {
  const explained = explainDatabaseError(error, database.target);
  if (explained.code !== 'database.error') return explained;
  return new CasebridgeError(
    'database.migration',
    `a database migration failed and was rolled back: ${explained.message}`,
    {
      hint: 'nothing was changed; fix the cause and run `casebridge migrate` again',
      cause: error,
    },
  );
}
