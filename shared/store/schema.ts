import type { Generated } from 'kysely';

/**
 * The one Kysely schema for SQLite and PostgreSQL. Timestamps are canonical ISO-8601 UTC text
 * (they sort correctly as text on both); JSON columns are TEXT on SQLite and JSONB on PostgreSQL;
 * booleans are INTEGER 0/1 on SQLite and BOOLEAN on PostgreSQL — the codecs in `codec.ts` hide that.
 */
export type Json = string | unknown;
export type Bool = number | boolean;

export interface TicketsTable {
  id: string;
  source: string;
  external_id: string;
  number: string;
  url: string | null;
  subject: string | null;
  description: string | null;
  status: string;
  source_status: string;
  priority: string | null;
  source_priority: string | null;
  type: string | null;
  channel: string;
  requester_id: string | null;
  organization_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  tags: Json;
  custom_fields: Json;
  is_escalated: Bool;
  satisfaction: Json | null;
  created_at: string;
  updated_at: string;
  first_responded_at: string | null;
  solved_at: string | null;
  closed_at: string | null;
  reopens: number | null;
  deleted: Bool;
}

export interface PeopleTable {
  id: string;
  source: string;
  external_id: string;
  name: string | null;
  email: string | null;
  email_normalised: string | null;
  phone: string | null;
  organization_id: string | null;
  role: string;
  time_zone: string | null;
}

export interface OrganizationsTable {
  id: string;
  source: string;
  external_id: string;
  name: string | null;
  domains: Json;
  tier: string | null;
}

export interface CommentsTable {
  id: string;
  source: string;
  external_id: string;
  ticket_id: string;
  author_id: string | null;
  public: Bool;
  body: string;
  created_at: string;
}

export interface SlaTargetsTable {
  id: string;
  source: string;
  external_id: string;
  ticket_id: string;
  metric: string;
  policy: string | null;
  started_at: string | null;
  due_at: string | null;
  stage: string;
  achieved_at: string | null;
  breached_at: string | null;
  origin: string;
}

export interface EscalationsTable {
  id: string;
  ticket_id: string;
  level: number;
  reasons: Json;
  owner_id: string | null;
  opened_at: string;
  opened_by: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface EscalationEventsTable {
  id: string;
  escalation_id: string;
  type: string;
  at: string;
  actor: string;
  level: number | null;
  note: string | null;
  /** Order within the escalation's log (events can share an instant). */
  seq: number | null;
}

export interface SyncStateTable {
  job_id: string;
  stream: string;
  checkpoint: Json;
  updated_at: string;
}

export interface ConnectorStateTable {
  connection_id: string;
  key: string;
  value: Json;
  updated_at: string;
}

export interface SyncRunsTable {
  id: Generated<number>;
  job_id: string;
  trigger: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  upserted: number;
  deleted: number;
  quarantined: number;
  pages: number;
  error: string | null;
}

export interface QuarantineTable {
  id: Generated<number>;
  job_id: string;
  stream: string;
  source: string;
  external_id: string | null;
  reason: string;
  raw: Json;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Json;
}

export interface JobControlsTable {
  job_id: string;
  paused: Bool;
  reason: string | null;
  changed_by: string;
  changed_at: string;
}

export interface StreamRestartsTable {
  job_id: string;
  stream: string;
  start_from: string;
}

export interface JobLocksTable {
  job_id: string;
  owner: string;
  heartbeat_at: string;
}

export interface QaFlagsTable {
  id: string;
  ticket_id: string;
  flagged_by: string;
  reason: string;
  category: string | null;
  severity: string | null;
  permalink: string | null;
  source: string;
  status: string;
  created_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
}

/** An indexed SOP (see `services/sop`); PostgreSQL adds a generated `search_vector` column. */
export interface SopsTable {
  id: string;
  path: string;
  content_hash: string;
  title: string;
  tags: Json;
  applies_to: Json;
  owner: string;
  version: string;
  review_interval_days: number;
  last_verified: string | null;
  body: string;
  plain_text: string;
  search_tags: string;
  indexed_at: string;
  /** `file` (the SOP folder) or `import` (a CRM knowledge article); see migration 0009. */
  origin: Generated<string>;
  /** The connection an imported SOP came from; null for files. */
  origin_source: string | null;
  /** The CRM's article id of an imported SOP; null for files. */
  external_id: string | null;
}

/** SQLite only: the FTS5 index of `sops`. */
export interface SopFtsTable {
  sop_id: string;
  title: string;
  tags: string;
  body: string;
}

export interface SopRuleTermsTable {
  sop_id: string;
  kind: string;
  term: string;
  /** A keyword rule's whole phrase (its words joined by one space); null for other kinds. */
  phrase: string | null;
}

export interface SopVerificationsTable {
  id: Generated<number>;
  sop_id: string;
  verified_by: string;
  verified_at: string;
  version: string;
  note: string | null;
}

export interface SopUsagesTable {
  id: Generated<number>;
  sop_id: string;
  ticket_id: string;
  used_by: string;
  used_at: string;
}

export interface QaScorecardVersionsTable {
  version_id: string;
  scorecard_id: string;
  version: string;
  name: string;
  file: string;
  definition: Json;
  first_seen_at: string;
}

export interface QaReviewsTable {
  id: string;
  dedupe_key: string;
  kind: string;
  flag_id: string | null;
  calibration_id: string | null;
  ticket_id: string;
  scorecard_version_id: string;
  reviewer: string;
  agent_id: string | null;
  agent_email: string | null;
  group_id: string | null;
  ratings: Json;
  failed_items: Json;
  category_scores: Json;
  score: number;
  comment: string;
  status: string;
  created_at: string;
  updated_at: string;
  notified_at: string | null;
}

export interface QaDisputesTable {
  id: string;
  review_id: string;
  agent: string;
  comment: string;
  proposed: Json | null;
  status: string;
  opened_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
}

export interface QaReviewEventsTable {
  id: Generated<number>;
  review_id: string;
  type: string;
  actor: string;
  at: string;
  details: Json;
}

export interface QaCalibrationsTable {
  id: string;
  ticket_id: string;
  scorecard_version_id: string;
  reviewers: Json;
  started_by: string;
  started_at: string;
  closed_at: string | null;
}

export interface OrganizationDomainsTable {
  /** Lower-cased email domain. */
  domain: string;
  organization_id: string;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  tickets: TicketsTable;
  people: PeopleTable;
  organizations: OrganizationsTable;
  comments: CommentsTable;
  sla_targets: SlaTargetsTable;
  escalations: EscalationsTable;
  escalation_events: EscalationEventsTable;
  sync_state: SyncStateTable;
  connector_state: ConnectorStateTable;
  sync_runs: SyncRunsTable;
  quarantine: QuarantineTable;
  audit_log: AuditLogTable;
  job_controls: JobControlsTable;
  stream_restarts: StreamRestartsTable;
  job_locks: JobLocksTable;
  qa_flags: QaFlagsTable;
  sops: SopsTable;
  sop_fts: SopFtsTable;
  sop_rule_terms: SopRuleTermsTable;
  sop_verifications: SopVerificationsTable;
  sop_usages: SopUsagesTable;
  qa_scorecard_versions: QaScorecardVersionsTable;
  qa_reviews: QaReviewsTable;
  qa_disputes: QaDisputesTable;
  qa_review_events: QaReviewEventsTable;
  qa_calibrations: QaCalibrationsTable;
  organization_domains: OrganizationDomainsTable;
  casebridge_migrations: MigrationsTable;
}
