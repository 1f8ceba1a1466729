import type {
  EscalationEventType,
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
  flaggedBy: string;
  reason: string;
  category: string | null;
  severity: 'low' | 'medium' | 'high' | null;
  status: string;
  createdAt: string;
  permalink: string | null;
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
  qaFlags: SidebarQaFlag[];
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
