import type { z } from 'zod';
import type {
  KnowledgeArticleBatch,
  Organization,
  Person,
  SyncedEntity,
  SyncedRecords,
  Ticket,
  TicketPriority,
} from '../domain/index.js';
import type { Logger } from '../log/logger.js';

/** The records of one page, by aggregate. A tickets page may also carry sideloaded people, say. */
export type PageRecords = { [E in SyncedEntity]?: SyncedRecords[E][] };

/** A raw record that failed validation: kept with its JSON and the reason, never dropped. */
export interface QuarantineEntry {
  externalId: string | null;
  reason: string;
  raw: unknown;
}

/**
 * One page of a stream. The runner — not the connector — commits the records, deletes, quarantined
 * records and the checkpoint in ONE transaction, so a crash at any moment resumes after the last
 * committed page with nothing lost and nothing duplicated.
 */
export interface Page<Checkpoint> {
  records: PageRecords;
  /** External ids the CRM reports deleted. Tickets become tombstones; other records are removed. */
  deletes?: { [E in SyncedEntity]?: string[] };
  quarantined?: QuarantineEntry[];
  /** Knowledge articles to index as SOPs (the `knowledge` streams); see `shared/services/sop/import.ts`. */
  knowledge?: KnowledgeArticleBatch;
  checkpoint: Checkpoint;
  /** Records still to fetch, when the CRM says (progress and ETA only). */
  remaining?: number;
}

/** A small key-value store a connector may use for state that is not a checkpoint (refreshed tokens). */
export interface ConnectorStateStore {
  get(key: string): Promise<unknown | null>;
  set(key: string, value: unknown): Promise<void>;
}

export interface StreamContext<Connection, Checkpoint> {
  connection: Connection;
  /** The connection id: the `source` of every record this stream produces. */
  source: string;
  /** The last committed checkpoint, or null on a first (or full) run. */
  checkpoint: Checkpoint | null;
  /** The job's `startFrom`, used when there is no checkpoint. */
  startFrom: Date | null;
  signal: AbortSignal;
  log: Logger;
  now(): Date;
  state: ConnectorStateStore;
}

export interface StreamDefinition<Connection, Checkpoint> {
  name: string;
  /** Validates the stored checkpoint before it is handed back to `read`. */
  checkpointSchema: z.ZodType<Checkpoint>;
  read(context: StreamContext<Connection, Checkpoint>): AsyncIterable<Page<Checkpoint>>;
}

export interface CheckResult {
  ok: boolean;
  message: string;
  hint?: string;
}

/** A local server speaking the CRM's API, for the demo, benchmarks and end-to-end tests. */
export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Number of tickets/cases to seed; the other records scale with it. */
  size?: number;
  /** Requests per minute before a 429; null turns the limit off. */
  rateLimitPerMinute?: number | null;
}

export interface ConnectorSandbox {
  start(options?: SandboxOptions): Promise<RunningSandbox>;
  /** A connection (without `id`) that points this connector at a running sandbox. */
  connection(url: string): Record<string, unknown>;
}

/**
 * Write-back to the CRM, used by the Slack bot and the sidebar through the services (which audit
 * every call). `ticketExternalId` is the CRM's own id (Zendesk ticket id, Salesforce Case Id).
 */
export interface ConnectorActions {
  addInternalNote(ticketExternalId: string, body: string): Promise<void>;
  addTags(ticketExternalId: string, tags: readonly string[]): Promise<void>;
  removeTags(ticketExternalId: string, tags: readonly string[]): Promise<void>;
  setPriority(ticketExternalId: string, priority: TicketPriority): Promise<void>;
  /** Marks the ticket escalated in the CRM's own terms (Zendesk tag + note, Salesforce IsEscalated). */
  markEscalated(ticketExternalId: string, level: number, note: string): Promise<void>;
}

/**
 * One ticket read from the CRM on demand (the sidebar's freshness path: a ticket opened before the
 * next sync). Domain records whose `source` is the connection id, as a stream would produce them:
 * `tickets` holds the requested ticket (empty when its raw record failed validation, which is then
 * in `quarantined`), `people` its requester (and whoever else the CRM returns with it, e.g. the
 * assignee), `organizations` its organization. Nothing is stored by the connector, and nothing is
 * masked yet: whoever stores the records masks card numbers first, as the sync runner does.
 */
export interface FetchedTicket {
  tickets: Ticket[];
  people: Person[];
  organizations: Organization[];
  quarantined?: QuarantineEntry[];
}

export interface FetchTicketContext {
  log: Logger;
  state: ConnectorStateStore;
  /** Aborts the fetch (retries and Retry-After waits included): an agent is waiting on it. */
  signal?: AbortSignal;
}

/** An incoming webhook as the server received it: headers and the body exactly as sent. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: string;
  now: Date;
}

/**
 * A CRM's webhooks. casebridge never trusts a webhook's body: an authentic one only triggers an
 * incremental sync of the jobs of its connection.
 */
export interface ConnectorWebhooks<Connection> {
  /** `ok` when the request is signed by this connection's webhook; otherwise why not. */
  verify(connection: Connection, request: WebhookRequest): { ok: true } | { ok: false; message: string };
}

/**
 * A CRM integration: one folder under `connectors/`, one line in the registry. The contract suite
 * in `test/` runs against every registered connector.
 */
export interface ConnectorDefinition<Connection = Record<string, unknown>> {
  kind: string;
  /** The connection's own keys (everything but `id` and `kind`); strict, so typos are errors. */
  configSchema: z.ZodObject;
  // Each stream owns its checkpoint type; the registry holds them side by side.
  // biome-ignore lint/suspicious/noExplicitAny: checkpoint types differ per stream and are checked by checkpointSchema at run time
  streams: readonly StreamDefinition<Connection, any>[];
  /** Proves the connection works (credentials, permissions); used by `casebridge doctor`. */
  check?(connection: Connection, context: { log: Logger; signal: AbortSignal }): Promise<CheckResult>;
  sandbox?: ConnectorSandbox;
  actions?(connection: Connection, context: { log: Logger; state: ConnectorStateStore }): ConnectorActions;
  webhooks?: ConnectorWebhooks<Connection>;
  /**
   * Reads one ticket (by the CRM's own id) with its requester and organization, now, outside any
   * sync. Null when the CRM has no such ticket (never created, deleted, or an id of the wrong
   * form); failures (auth, network) throw, as in a stream. A ticket the CRM deleted is null, not a
   * tombstone: the next sync records the deletion.
   */
  fetchTicket?(
    connection: Connection,
    externalId: string,
    context: FetchTicketContext,
  ): Promise<FetchedTicket | null>;
}

/** Identity helper that keeps a connector's connection type across its streams. */
export function defineConnector<Connection>(
  definition: ConnectorDefinition<Connection>,
): ConnectorDefinition<Connection> {
  return definition;
}

export function defineStream<Connection, Checkpoint>(
  definition: StreamDefinition<Connection, Checkpoint>,
): StreamDefinition<Connection, Checkpoint> {
  return definition;
}
