import { z } from 'zod';
import { recordId, type SlaMetric, type SlaTarget } from '../../shared/domain/index.js';
import { ZendeskId, ZendeskTime } from './map.js';

/** One ticket metric event. https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/ */
export const RawMetricEvent = z.looseObject({
  id: ZendeskId,
  ticket_id: ZendeskId,
  metric: z.string(),
  instance_id: z.number().int().min(0),
  type: z.string(),
  time: ZendeskTime,
  sla: z
    .looseObject({
      target: z.number().nullable().optional(),
      target_in_seconds: z.number().nullable().optional(),
      business_hours: z.boolean().nullable().optional(),
      policy: z.looseObject({ title: z.string().nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
  group_sla: z.unknown().optional(),
  deleted: z.boolean().optional(),
});
export type RawMetricEvent = z.infer<typeof RawMetricEvent>;

/** What the events of one metric instance add up to so far; kept between pages and runs. */
export const SlaFold = z.strictObject({
  ticketId: z.number(),
  metric: z.string(),
  instance: z.number(),
  hasSla: z.boolean(),
  policy: z.string().nullable(),
  targetSeconds: z.number().nullable(),
  businessHours: z.boolean(),
  startedAt: z.string().nullable(),
  paused: z.boolean(),
  achievedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  lastEventId: z.number(),
});
export type SlaFold = z.infer<typeof SlaFold>;

const METRICS: Record<string, SlaMetric> = {
  agent_work_time: 'agent_work',
  pausable_update_time: 'pausable_update',
  periodic_update_time: 'periodic_update',
  requester_wait_time: 'requester_wait',
  resolution_time: 'resolution',
  group_ownership_time: 'group_ownership',
};

/** `reply_time` instance 1 is the first reply, later instances the next replies; null for unknown metrics. */
export function slaMetric(metric: string, instance: number): SlaMetric | null {
  if (metric === 'reply_time') return instance <= 1 ? 'first_reply' : 'next_reply';
  return METRICS[metric] ?? null;
}

export function foldKey(event: Pick<RawMetricEvent, 'metric' | 'instance_id'>): string {
  return `${event.metric}:${event.instance_id}`;
}

export function emptyFold(event: RawMetricEvent): SlaFold {
  return {
    ticketId: event.ticket_id,
    metric: event.metric,
    instance: event.instance_id,
    hasSla: false,
    policy: null,
    targetSeconds: null,
    businessHours: false,
    startedAt: null,
    paused: false,
    achievedAt: null,
    breachedAt: null,
    lastEventId: 0,
  };
}

/** Applies one event; events already applied (a replayed page) change nothing. */
export function applyEvent(fold: SlaFold, event: RawMetricEvent): SlaFold {
  if (event.id <= fold.lastEventId) return fold;
  const at = event.time;
  const next = { ...fold, lastEventId: event.id };
  switch (event.type) {
    case 'activate':
      return { ...next, startedAt: fold.startedAt ?? at, paused: false };
    case 'pause':
      return { ...next, paused: true };
    case 'fulfill':
      return { ...next, achievedAt: at, paused: false };
    case 'breach':
      // A breach Zendesk withdrew (e.g. the SLA was removed) is not a breach.
      return event.deleted === true ? next : { ...next, breachedAt: at };
    case 'apply_sla':
    case 'apply_group_sla': {
      const sla = event.sla ?? null;
      const seconds = sla?.target_in_seconds ?? (sla?.target == null ? null : sla.target * 60);
      return {
        ...next,
        hasSla: true,
        policy: sla?.policy?.title ?? null,
        targetSeconds: seconds,
        businessHours: sla?.business_hours ?? false,
      };
    }
    default:
      // update_status and measure report elapsed time; they do not change the target.
      return next;
  }
}

/** The target as the domain knows it, or null while no SLA policy applies to this metric. */
export function toSlaTarget(fold: SlaFold, source: string): SlaTarget | null {
  const metric = slaMetric(fold.metric, fold.instance);
  if (!fold.hasSla || metric === null) return null;
  // Business-hours targets need the account's schedule; until a breach tells us, the due time is unknown.
  const due =
    !fold.businessHours && fold.startedAt !== null && fold.targetSeconds !== null
      ? new Date(Date.parse(fold.startedAt) + fold.targetSeconds * 1000).toISOString()
      : fold.breachedAt;
  const externalId = `${fold.ticketId}:${fold.metric}:${fold.instance}`;
  return {
    id: recordId(source, externalId),
    source,
    externalId,
    ticketId: recordId(source, fold.ticketId),
    metric,
    policy: fold.policy,
    startedAt: fold.startedAt,
    dueAt: due,
    stage:
      fold.breachedAt !== null
        ? 'breached'
        : fold.achievedAt !== null
          ? 'achieved'
          : fold.paused
            ? 'paused'
            : 'active',
    achievedAt: fold.achievedAt,
    breachedAt: fold.breachedAt,
    origin: 'native',
  };
}
