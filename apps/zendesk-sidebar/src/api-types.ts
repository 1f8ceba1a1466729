import type {
  EscalationEventType,
  QaFlagCategory,
  QaFlagSeverity,
  SlaMetric,
  SlaStage,
  TicketPriority,
  TicketStatus,
} from '../../../shared/domain/index.js';

/**
 * The wire shapes of `/api/sidebar/*`, shared by the server (which builds them) and the browser
 * app (which renders them). Types only: the browser bundle carries no schema code for them.
 */
export type SidebarAction = 'escalate' | 'acknowledge' | 'resolve';

export interface SidebarTicket {
  id: string;
  number: string;
  subject: string | null;
  status: TicketStatus;
  priority: TicketPriority | null;
  url: string | null;
}

export interface SidebarSla {
  metric: SlaMetric;
  policy: string | null;
  /** The stage at `now` (an active target past due reads as breached). */
  stage: SlaStage;
  dueAt: string | null;
  achievedAt: string | null;
  breachedAt: string | null;
}

export interface SidebarEscalationEvent {
  type: EscalationEventType;
  at: string;
  actor: string;
  level: number | null;
  note: string | null;
}

export interface SidebarEscalation {
  level: number;
  levelName: string;
  reasons: string[];
  owner: string | null;
  openedAt: string;
  openedBy: string;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  events: SidebarEscalationEvent[];
}

export interface SidebarLink {
  label: string;
  url: string | null;
  /** The CRM connection the record lives in, e.g. `zendesk-main`. */
  source: string;
}

export interface SidebarHistoryTicket extends SidebarTicket {
  source: string;
  csat: 'good' | 'bad' | 'offered' | null;
  updatedAt: string;
}

export interface SidebarCustomer {
  email: string | null;
  people: (SidebarLink & { name: string | null })[];
  organizations: (SidebarLink & { tier: string | null })[];
  openTickets: SidebarHistoryTicket[];
  recentTickets: SidebarHistoryTicket[];
  totalTickets: number;
  /** Older tickets are fetched a page at a time with this cursor; null when there are none. */
  nextCursor: string | null;
  csatPct: number | null;
  pastEscalations: { ticketId: string; level: number; openedAt: string; resolvedAt: string | null }[];
}

export interface SidebarQaFlag {
  id: string;
  flaggedBy: string;
  reason: string;
  category: string | null;
  severity: QaFlagSeverity | null;
  status: string;
  createdAt: string;
  permalink: string | null;
}

/** `POST /api/sidebar/qa/flags`: the agent asks QA to review the ticket. */
export interface SidebarQaFlagInput {
  reason: string;
  category?: QaFlagCategory;
  severity?: QaFlagSeverity;
}

/** The flag just queued, and the ticket's flags with it (newest first), to show without a reload. */
export interface SidebarQaFlagged {
  flag: SidebarQaFlag;
  flags: SidebarQaFlag[];
  message: string;
}

/** The applicable scorecard as the agent's self-check: each category with what it checks. */
export interface SidebarScorecard {
  id: string;
  name: string;
  /** The version reviews pin (a hash of the definition). */
  version: string;
  description: string | null;
  categories: {
    id: string;
    name: string;
    description: string | null;
    weight: number;
    scale: 'binary' | '3-point' | '4-point' | '5-point';
    naAllowed: boolean;
    /** Under 50% here makes the whole review 0. */
    critical: boolean;
    checklist: { id: string; text: string }[];
  }[];
}

export interface SidebarQaReview {
  id: string;
  /** 0–100, two decimals. */
  score: number;
  reviewer: string;
  createdAt: string;
  /** The version it was scored against; null when the store no longer knows it. */
  scorecard: { name: string; version: string } | null;
  /** Every category of that version; `score` null when rated N/A or not rated. */
  categories: { id: string; name: string; critical: boolean; score: number | null }[];
  /** Names of critical categories under 50% (they made the score 0). */
  criticalFailures: string[];
  comment: string;
  status: 'submitted' | 'disputed' | 'resolved';
  /** The agent may dispute until then. */
  disputeUntil: string;
  dispute: {
    status: 'open' | 'accepted' | 'rejected';
    openedAt: string;
    resolvedAt: string | null;
    resolutionNote: string | null;
  } | null;
}

export interface SidebarQa {
  /** Null when no scorecard applies to this ticket. */
  scorecard: SidebarScorecard | null;
  reviews: SidebarQaReview[];
  flags: SidebarQaFlag[];
}

/** Highlighted snippet text: `match` runs are the words that matched. Plain text, never HTML. */
export interface SidebarSnippetRun {
  text: string;
  match: boolean;
}

export interface SidebarSopSuggestion {
  id: string;
  title: string;
  owner: string;
  version: string;
  /** Past its review interval (or never verified): shown as "needs review". */
  stale: boolean;
  /** Why it is suggested: matched rule conditions (`tag refund`, `keyword "refund"`) and/or `text`. */
  reasons: string[];
  snippet: SidebarSnippetRun[];
  /** When it was recorded as used on this ticket; null when it was not. */
  usedAt: string | null;
}

export interface SidebarSopDetail {
  id: string;
  title: string;
  owner: string;
  version: string;
  stale: boolean;
  lastVerified: string | null;
  reviewDueAt: string | null;
  /** Sanitised by the server's renderer: only elements it builds, links http(s)/mailto only. */
  html: string;
  /** The numbered and checkbox steps, as plain text. */
  steps: string[];
}

export interface SidebarSopUse {
  sopId: string;
  ticketId: string;
  /** False when it was already recorded on this ticket (the press changed nothing). */
  recorded: boolean;
  usedAt: string;
  message: string;
}

export interface SidebarPayload {
  now: string;
  ticket: SidebarTicket;
  sla: SidebarSla[];
  escalation: SidebarEscalation | null;
  /** What this agent may do now; the API refuses the others. */
  actions: SidebarAction[];
  levels: { level: number; name: string }[];
  customer: SidebarCustomer | null;
  /** Kept for older app versions; the same flags are in `qa.flags`. */
  qaFlags: SidebarQaFlag[];
  qa: SidebarQa;
  sops: SidebarSopSuggestion[];
  /** True when the ticket was fetched from the CRM just now (opened before the next sync). */
  fetchedOnDemand: boolean;
}

export interface SidebarHistoryPage {
  tickets: SidebarHistoryTicket[];
  nextCursor: string | null;
}

export interface SidebarError {
  error: { code: string; message: string };
}
