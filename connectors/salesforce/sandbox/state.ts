import type { Dataset } from './dataset.js';
import type { FaultPlan } from './faults.js';

/** A query cursor (`nextRecordsUrl`) or a bulk job's result stream. */
export interface Cursor {
  records: Iterator<Record<string, unknown>>;
  remaining: number;
  offset: number;
  /** Rows per page below the asked batch size (article queries: see knowledge.ts). */
  pageLimit?: number;
}

export interface BulkJob {
  id: string;
  query: string;
  operation: 'query' | 'queryAll';
  state: 'UploadComplete' | 'InProgress' | 'JobComplete';
  polls: number;
  cursor: Cursor | null;
  /** The locator the next results page expects. */
  nextLocator: string | null;
  totalSize: number;
}

/** Everything the routes share: data, faults, cursors, counters, credentials. */
export interface SandboxState {
  dataset: Dataset;
  faults: FaultPlan;
  apiVersion: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  tokens: Set<string>;
  cursors: Map<string, Cursor>;
  jobs: Map<string, BulkJob>;
  /** Sforce-Limit-Info api-usage. */
  apiUsage: { used: number; limit: number };
  stats: { requests: number; tokenRequests: number; byRoute: Record<string, number> };
  /** Polls a bulk job answers InProgress before JobComplete. */
  bulkPollsBeforeComplete: number;
  counter: number;
  now(): number;
}
