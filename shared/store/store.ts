import { type Kysely, sql } from 'kysely';
import { codecFor } from './codec.js';
import type { Dialect, OpenDatabase } from './database.js';
import { createAuditLogRepository } from './repositories/audit-log.js';
import { createCommentsRepository } from './repositories/comments.js';
import { createEscalationsRepository } from './repositories/escalations.js';
import { createJobControlsRepository } from './repositories/job-controls.js';
import { createJobLocksRepository } from './repositories/job-locks.js';
import { createOrganizationsRepository } from './repositories/organizations.js';
import { createPeopleRepository } from './repositories/people.js';
import { createQaCalibrationsRepository } from './repositories/qa-calibrations.js';
import { createQaDisputesRepository } from './repositories/qa-disputes.js';
import { createQaFlagsRepository } from './repositories/qa-flags.js';
import { createQaReviewsRepository } from './repositories/qa-reviews.js';
import { createQaScorecardsRepository } from './repositories/qa-scorecards.js';
import { createQuarantineRepository } from './repositories/quarantine.js';
import { createSlaTargetsRepository } from './repositories/sla-targets.js';
import { createSopsRepository } from './repositories/sops.js';
import { createSyncRunsRepository } from './repositories/sync-runs.js';
import { createConnectorStateRepository, createSyncStateRepository } from './repositories/sync-state.js';
import { createTicketsRepository } from './repositories/tickets.js';
import type { Database } from './schema.js';
import { type FastWriter, sqliteFastWriter } from './sqlite-fast-writer.js';

function repositories(db: Kysely<Database>, dialect: Dialect, fast: FastWriter | null = null) {
  const codec = codecFor(dialect);
  return {
    tickets: createTicketsRepository(db, codec, fast),
    people: createPeopleRepository(db, fast),
    organizations: createOrganizationsRepository(db, codec, fast),
    comments: createCommentsRepository(db, codec, fast),
    slaTargets: createSlaTargetsRepository(db, codec, fast),
    escalations: createEscalationsRepository(db, codec),
    syncState: createSyncStateRepository(db, codec),
    connectorState: createConnectorStateRepository(db, codec),
    syncRuns: createSyncRunsRepository(db),
    quarantine: createQuarantineRepository(db, codec),
    auditLog: createAuditLogRepository(db, codec),
    jobControls: createJobControlsRepository(db, codec),
    jobLocks: createJobLocksRepository(db),
    qaFlags: createQaFlagsRepository(db),
    qaScorecards: createQaScorecardsRepository(db, codec),
    qaReviews: createQaReviewsRepository(db, codec),
    qaDisputes: createQaDisputesRepository(db, codec),
    qaCalibrations: createQaCalibrationsRepository(db, codec),
    sops: createSopsRepository(db, codec, dialect),
  };
}

export type Repositories = ReturnType<typeof repositories>;

export interface Store extends Repositories {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Runs `work` in one transaction with repositories bound to it: all of it commits, or none. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** `select 1`: throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Refreshes the query planner's statistics where stale (SQLite; PostgreSQL's autovacuum does it). */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

export function createStore(database: OpenDatabase): Store {
  const { db, dialect } = database;
  // Only transaction-bound repositories write through the raw handle (see sqlite-fast-writer.ts).
  const fast = database.sqlite === null ? null : sqliteFastWriter(database.sqlite);
  return {
    ...repositories(db, dialect),
    db,
    dialect,
    transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, dialect, fast))),
    ping: async () => {
      await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    },
    optimize: async () => {
      if (dialect === 'sqlite') await sql`pragma optimize`.execute(db);
    },
    close: () => database.close(),
  };
}
