export * from './database.js';
export * from './migrate.js';
export type { AuditEntry } from './repositories/audit-log.js';
export type { NewQuarantinedRecord, QuarantinedRecord } from './repositories/quarantine.js';
export type { RunCounts, RunStatus, SyncRun } from './repositories/sync-runs.js';
export * from './store.js';
