import { AGENTS, agentId, BASE_TIME, endUserCount, IDS, userOrganizationId } from './people.js';
import { pick, prng, weighted } from './random.js';
import { BODIES, SUBJECTS, TAGS } from './texts.js';

const SPAN_SECONDS = 300 * 86_400;

export type SandboxStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted';

/** Everything about one seeded ticket, decided once from (seed, index) so every endpoint agrees. */
export interface TicketPlan {
  index: number;
  id: number;
  createdAt: number;
  /** The ticket's last change: also its `generated_timestamp`, which orders the export. */
  updatedAt: number;
  status: SandboxStatus;
  priority: 'low' | 'normal' | 'high' | 'urgent' | null;
  requesterIndex: number;
  requesterId: number;
  assigneeId: number | null;
  /** Seconds after creation of the first agent reply; null when nobody replied yet. */
  firstReplyAfter: number | null;
  internalNote: boolean;
  malformed: boolean;
  random: () => number;
}

export interface DatasetShape {
  seed: number;
  size: number;
  /** Every Nth ticket is malformed (bad status or timestamp); 0 for none. */
  malformedEvery: number;
}

/** Seconds between two consecutive tickets: the history spans ~300 days whatever the size. */
export function ticketStep(size: number): number {
  return Math.max(1, Math.floor(SPAN_SECONDS / Math.max(1, size)));
}

export function ticketCreatedAt(shape: DatasetShape, index: number): number {
  return BASE_TIME + index * ticketStep(shape.size);
}

/** Every event of ticket i lies in [created, created + 0.9 step): exports stay ordered by ticket. */
export function ticketUpdatedAt(shape: DatasetShape, index: number): number {
  return ticketCreatedAt(shape, index) + Math.floor(ticketStep(shape.size) * 0.9);
}

export function planTicket(shape: DatasetShape, index: number): TicketPlan {
  const random = prng(shape.seed, index, 1);
  const step = ticketStep(shape.size);
  const status: SandboxStatus =
    index % 101 === 50
      ? 'deleted'
      : weighted(random, [
          ['new', 5],
          ['open', 20],
          ['pending', 10],
          ['hold', 5],
          ['solved', 25],
          ['closed', 35],
        ]);
  const priority = weighted(random, [
    [null, 20],
    ['low', 15],
    ['normal', 40],
    ['high', 15],
    ['urgent', 10],
  ] as const);
  const users = endUserCount(shape.size);
  // Two in five tickets come from the seeded (cross-CRM) customers: repeat customers.
  const requesterIndex =
    AGENTS + ((random() < 0.4 ? Math.floor(random() * 40) : Math.floor(random() * users)) % users);
  const replied = status !== 'new';
  const minutes = Math.max(1, Math.floor((step * (0.02 + random() * 0.3)) / 60));
  return {
    index,
    id: index + 1,
    createdAt: ticketCreatedAt(shape, index),
    updatedAt: ticketUpdatedAt(shape, index),
    status,
    priority,
    requesterIndex,
    requesterId: IDS.user + requesterIndex,
    assigneeId: status === 'new' ? null : agentId(random),
    firstReplyAfter: replied ? Math.min(minutes * 60, Math.floor(step * 0.4)) : null,
    internalNote: random() < 0.35,
    malformed: shape.malformedEvery > 0 && (index + 1) % shape.malformedEvery === 0,
    random,
  };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');

/** Card-like numbers in some texts: they must arrive masked in the store. */
function withCard(plan: TicketPlan, text: string): string {
  return plan.index % 53 === 7 ? `${text} My card 4111 1111 1111 1111 was charged twice.` : text;
}

export function rawTicket(shape: DatasetShape, plan: TicketPlan): Record<string, unknown> {
  const { random } = plan;
  const subject = withCard(plan, pick(random, SUBJECTS));
  const channel = weighted(random, [
    ['email', 40],
    ['web', 25],
    ['native_messaging', 10],
    ['chat', 5],
    ['voice', 10],
    ['api', 5],
    ['twitter', 3],
    ['closed_ticket', 2],
  ]);
  const tags: string[] = TAGS.filter(() => random() < 0.2);
  if (plan.index % 17 === 5) tags.push('casebridge_escalated_l1');
  const solved = plan.status === 'solved' || plan.status === 'closed';
  const score = solved
    ? weighted(random, [
        ['unoffered', 20],
        ['offered', 30],
        ['good', 40],
        ['bad', 10],
      ])
    : 'unoffered';
  const ticket: Record<string, unknown> = {
    url: `https://casebridge-sandbox.zendesk.com/api/v2/tickets/${plan.id}.json`,
    id: plan.id,
    external_id: null,
    via: { channel, source: { from: {}, to: {}, rel: null } },
    created_at: iso(plan.createdAt),
    updated_at: iso(plan.updatedAt),
    generated_timestamp: plan.updatedAt,
    type: weighted(random, [
      [null, 30],
      ['question', 30],
      ['incident', 25],
      ['problem', 5],
      ['task', 10],
    ]),
    subject,
    raw_subject: subject,
    description: withCard(plan, pick(random, BODIES)),
    priority: plan.priority,
    status: plan.status,
    recipient: null,
    requester_id: plan.requesterId,
    submitter_id: plan.requesterId,
    assignee_id: plan.assigneeId,
    organization_id: userOrganizationId(shape.seed, plan.requesterIndex),
    group_id: plan.assigneeId === null ? null : IDS.group + (plan.assigneeId % 3),
    collaborator_ids: [],
    follower_ids: [],
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags,
    custom_fields: [
      { id: IDS.customField, value: random() < 0.3 ? null : pick(random, ['billing', 'shipping', 'login']) },
      { id: IDS.customField + 1, value: Math.floor(random() * 1000) },
      { id: IDS.customField + 2, value: random() < 0.5 },
      { id: IDS.customField + 3, value: random() < 0.5 ? ['mobile', 'ios'] : [] },
    ],
    satisfaction_rating:
      score === 'unoffered'
        ? { score }
        : {
            id: plan.id,
            score,
            comment: score === 'offered' ? null : pick(random, [null, 'Thanks! 👍', 'Too slow']),
          },
    sharing_agreement_ids: [],
    brand_id: 1,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: channel === 'native_messaging',
  };
  if (plan.malformed) {
    // Half break the status, half the timestamp: both must be quarantined, never dropped.
    if (plan.index % 2 === 0) ticket.status = 'exploded';
    else ticket.created_at = 'yesterday-ish';
  }
  return ticket;
}

/** The `metric_sets` sideload row of a ticket. */
export function rawMetricSet(plan: TicketPlan, step: number): Record<string, unknown> {
  const solved = plan.status === 'solved' || plan.status === 'closed';
  const reply = plan.firstReplyAfter === null ? null : plan.firstReplyAfter / 60;
  return {
    id: plan.id + 700_000_000_000,
    ticket_id: plan.id,
    reopens: plan.index % 11 === 3 ? 1 : 0,
    replies: plan.firstReplyAfter === null ? 0 : 1,
    solved_at: solved ? iso(plan.createdAt + Math.floor(step * 0.8)) : null,
    reply_time_in_minutes: { calendar: reply, business: reply },
    created_at: iso(plan.createdAt),
    updated_at: iso(plan.updatedAt),
  };
}
