import { IDS } from './people.js';
import { pick, prng } from './random.js';
import { NOTES, REPLIES } from './texts.js';
import { type DatasetShape, planTicket, rawTicket, type TicketPlan, ticketStep } from './tickets.js';

/** An item of a time-based export, with the second it is sorted by. */
export interface TimedItem {
  time: number;
  item: Record<string, unknown>;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');

export function commentEvent(
  eventId: number,
  commentId: number,
  ticketId: number,
  time: number,
  comment: { authorId: number; body: string; public: boolean },
  extraChildren: Record<string, unknown>[] = [],
): TimedItem {
  const via = { channel: 'web', source: { from: {}, to: {}, rel: null } };
  return {
    time,
    item: {
      id: eventId,
      ticket_id: ticketId,
      timestamp: time,
      created_at: iso(time),
      updater_id: comment.authorId,
      via,
      event_type: 'Audit',
      child_events: [
        ...extraChildren,
        {
          id: commentId,
          via,
          via_reference_id: null,
          type: 'Comment',
          event_type: 'Comment',
          author_id: comment.authorId,
          body: comment.body,
          html_body: `<div class="zd-comment"><p>${comment.body}</p></div>`,
          plain_body: comment.body,
          public: comment.public,
          attachments: [],
          audit_id: eventId,
          created_at: iso(time),
        },
      ],
    },
  };
}

/** The audits of a seeded ticket with their comment events (`include=comment_events`). */
export function ticketEvents(shape: DatasetShape, index: number): TimedItem[] {
  const plan = planTicket(shape, index);
  const ticket = rawTicket(shape, plan);
  const random = prng(shape.seed, index, 2);
  const step = ticketStep(shape.size);
  const base = index * 4;
  const agent = plan.assigneeId ?? IDS.user + 1;
  const events = [
    commentEvent(
      IDS.ticketEvent + base,
      IDS.comment + base,
      plan.id,
      plan.createdAt,
      { authorId: plan.requesterId, body: String(ticket.description), public: true },
      [{ id: IDS.ticketEvent + base + 3, type: 'Create', field_name: 'status', value: 'new' }],
    ),
  ];
  if (plan.firstReplyAfter !== null) {
    events.push(
      commentEvent(
        IDS.ticketEvent + base + 1,
        IDS.comment + base + 1,
        plan.id,
        plan.createdAt + plan.firstReplyAfter,
        {
          authorId: agent,
          body: pick(random, REPLIES),
          public: true,
        },
      ),
    );
  }
  if (plan.internalNote) {
    const note = pick(random, NOTES);
    events.push(
      commentEvent(
        IDS.ticketEvent + base + 2,
        IDS.comment + base + 2,
        plan.id,
        plan.createdAt + Math.floor(step * 0.5),
        {
          authorId: agent,
          body: index % 13 === 4 ? `${note} Customer read out card 5555-5555-5555-4444 on the phone.` : note,
          public: false,
        },
      ),
    );
  }
  return events;
}

interface MetricDraft {
  metric: string;
  type: string;
  time: number;
  extra?: Record<string, unknown>;
}

const TARGET_SHARE = { urgent: 0.05, high: 0.1, normal: 0.2, low: 0.3 } as const;

function sla(plan: TicketPlan, minutes: number, title: string): Record<string, unknown> {
  return {
    sla: {
      target: minutes,
      target_in_seconds: minutes * 60,
      business_hours: false,
      policy: { id: 25, title, description: `${plan.priority} priority tickets` },
    },
  };
}

/** Ticket metric events of a seeded ticket: first reply and requester wait, with SLAs when it has a priority. */
export function metricEvents(shape: DatasetShape, index: number): TimedItem[] {
  const plan = planTicket(shape, index);
  const step = ticketStep(shape.size);
  const t0 = plan.createdAt;
  const drafts: MetricDraft[] = [
    { metric: 'reply_time', type: 'activate', time: t0 },
    { metric: 'requester_wait_time', type: 'activate', time: t0 },
  ];
  if (plan.priority !== null) {
    const policy =
      plan.priority === 'urgent' || plan.priority === 'high' ? 'Priority support' : 'Standard support';
    const reply = Math.max(1, Math.floor((step * TARGET_SHARE[plan.priority]) / 60));
    drafts.push({ metric: 'reply_time', type: 'apply_sla', time: t0, extra: sla(plan, reply, policy) });
    const wait = Math.max(2, Math.floor((step * 0.6) / 60));
    drafts.push({
      metric: 'requester_wait_time',
      type: 'apply_sla',
      time: t0,
      extra: sla(plan, wait, policy),
    });
    const replyLate = plan.firstReplyAfter === null || plan.firstReplyAfter > reply * 60;
    if (replyLate)
      drafts.push({ metric: 'reply_time', type: 'breach', time: t0 + reply * 60, extra: { deleted: false } });
    // A breach Zendesk later withdrew (the SLA was removed): it must be ignored.
    if (index % 7 === 3)
      drafts.push({ metric: 'reply_time', type: 'breach', time: t0 + 30, extra: { deleted: true } });
  }
  if (plan.firstReplyAfter !== null) {
    drafts.push({ metric: 'reply_time', type: 'fulfill', time: t0 + plan.firstReplyAfter });
    drafts.push({ metric: 'reply_time', type: 'measure', time: t0 + plan.firstReplyAfter });
  }
  if (plan.status === 'pending')
    drafts.push({ metric: 'requester_wait_time', type: 'pause', time: t0 + Math.floor(step * 0.5) });
  if (plan.status === 'solved' || plan.status === 'closed') {
    drafts.push({ metric: 'requester_wait_time', type: 'fulfill', time: t0 + Math.floor(step * 0.8) });
  }
  drafts.sort((a, b) => a.time - b.time);
  return drafts.map((d, k) => ({
    time: d.time,
    item: {
      id: IDS.metricEvent + index * 16 + k,
      ticket_id: plan.id,
      metric: d.metric,
      instance_id: 1,
      type: d.type,
      time: iso(d.time),
      ...d.extra,
    },
  }));
}
