import { z } from 'zod';
import { formatPath } from '../../config/env.js';
import { SourceId } from '../../domain/common.js';
import { Channel, type Ticket, TicketPriority } from '../../domain/ticket.js';
import { CalendarConfig } from './calendar-schema.js';
import { isValidTimeZone } from './zone.js';

/** The metrics a casebridge policy can set; the others exist only as native CRM targets. */
export const PolicyMetric = z.enum(['first_reply', 'next_reply', 'periodic_update', 'resolution']);
export type PolicyMetric = z.infer<typeof PolicyMetric>;

export const PausingStatus = z.enum(['pending', 'on_hold']);

export const PolicyTarget = z.strictObject({
  minutes: z.number().int().positive('a target is a whole number of minutes, at least 1'),
  /** Business time follows a calendar; calendar time counts every minute. */
  business: z.boolean().default(true),
  /** Overrides the policy's calendar for this target. */
  calendar: z.string().min(1).optional(),
  /** The clock stops while the ticket is in these statuses (needs status history; see targets.ts). */
  pauseWhile: z.array(PausingStatus).default([]),
});
export type PolicyTarget = z.output<typeof PolicyTarget>;

/** Every listed condition must hold; a condition left out matches any ticket. */
export const PolicyMatch = z.strictObject({
  connection: z.array(SourceId).optional(),
  priority: z.array(TicketPriority).optional(),
  channel: z.array(Channel).optional(),
  /** Group record ids (`<source>:<externalId>`). */
  group: z.array(z.string().min(1)).optional(),
  tags: z
    .strictObject({ all: z.array(z.string()).optional(), any: z.array(z.string()).optional() })
    .optional(),
  organizationTier: z.array(z.string().min(1)).optional(),
});
export type PolicyMatch = z.output<typeof PolicyMatch>;

export const SlaPolicy = z.strictObject({
  id: z.string().min(1),
  title: z.string().optional(),
  calendar: z.string().min(1).optional(),
  match: PolicyMatch.default({}),
  targets: z.strictObject(
    Object.fromEntries(PolicyMetric.options.map((m) => [m, PolicyTarget.optional()])) as Record<
      PolicyMetric,
      z.ZodOptional<typeof PolicyTarget>
    >,
  ),
});
export type SlaPolicy = z.output<typeof SlaPolicy>;

type Issue = { path: (string | number)[]; message: string };

function matchIssues(match: PolicyMatch, at: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['connection', 'priority', 'channel', 'group', 'organizationTier'] as const) {
    if (match[key]?.length === 0)
      issues.push({
        path: [...at, key],
        message: `an empty list matches no ticket, so this policy can never apply; remove "${key}" to match any`,
      });
  }
  if (match.tags?.any?.length === 0)
    issues.push({
      path: [...at, 'tags', 'any'],
      message: 'an empty "any" list matches no ticket; remove it',
    });
  return issues;
}

/** A policy without any restricting condition shadows every policy after it. */
function isCatchAll(match: PolicyMatch): boolean {
  const { tags, ...lists } = match;
  const noTags = tags === undefined || ((tags.all?.length ?? 0) === 0 && tags.any === undefined);
  return noTags && Object.values(lists).every((list) => list === undefined);
}

function targetIssues(policy: SlaPolicy, calendarIds: ReadonlySet<string>, at: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  const known = [...calendarIds].join(', ') || 'none defined';
  const unknown = (id: string) => `no calendar with id "${id}" (known: ${known})`;
  if (policy.calendar !== undefined && !calendarIds.has(policy.calendar))
    issues.push({ path: [...at, 'calendar'], message: unknown(policy.calendar) });
  const metrics = PolicyMetric.options.filter((m) => policy.targets[m] !== undefined);
  if (metrics.length === 0)
    issues.push({
      path: [...at, 'targets'],
      message: `set at least one of ${PolicyMetric.options.join(', ')}`,
    });
  for (const metric of metrics) {
    const target = policy.targets[metric];
    const path = [...at, 'targets', metric, 'calendar'];
    if (target === undefined) continue;
    if (!target.business && target.calendar !== undefined)
      issues.push({ path, message: 'a calendar has no effect when business is false; remove one of them' });
    else if (target.calendar !== undefined && !calendarIds.has(target.calendar))
      issues.push({ path, message: unknown(target.calendar) });
    else if (target.business && (target.calendar ?? policy.calendar) === undefined)
      issues.push({
        path,
        message: 'a business-time target needs a calendar: set calendar here or on the policy',
      });
  }
  return issues;
}

function duplicateIds(items: readonly { id: string }[], key: string): Issue[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    if (!seen.has(item.id)) {
      seen.add(item.id);
      return [];
    }
    return [{ path: [key, i, 'id'], message: `duplicate id "${item.id}"` }];
  });
}

/** Problems that need the whole `sla:` section: references, duplicates, policies that can never apply. */
export function slaCrossIssues(config: SlaConfig, knownConnections?: readonly string[]): Issue[] {
  const calendarIds = new Set(config.calendars.map((c) => c.id));
  const issues = [
    ...duplicateIds(config.calendars, 'calendars'),
    ...duplicateIds(config.policies, 'policies'),
  ];
  let catchAll: number | null = null;
  config.policies.forEach((policy, i) => {
    const at = ['policies', i];
    issues.push(...matchIssues(policy.match, [...at, 'match']), ...targetIssues(policy, calendarIds, at));
    if (catchAll !== null)
      issues.push({ path: at, message: `never applies: policies[${catchAll}] matches every ticket first` });
    else if (isCatchAll(policy.match)) catchAll = i;
    if (knownConnections === undefined) return;
    policy.match.connection?.forEach((c, j) => {
      if (!knownConnections.includes(c))
        issues.push({ path: [...at, 'match', 'connection', j], message: `no connection with id "${c}"` });
    });
  });
  return issues;
}

/** The `sla:` config section. Cross-references are checked once the shapes are valid. */
export const SlaConfig = z
  .strictObject({
    /** The team's zone for "today" (start and end of the day). */
    timeZone: z
      .string()
      .refine(isValidTimeZone, 'unknown time zone; use an IANA name such as Europe/Berlin')
      .default('UTC'),
    /** "At risk" = active and due within this many minutes. */
    atRiskMinutes: z.number().int().positive().default(60),
    calendars: z.array(CalendarConfig).default([]),
    policies: z.array(SlaPolicy).default([]),
  })
  .superRefine((config, ctx) => {
    for (const issue of slaCrossIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type SlaConfig = z.output<typeof SlaConfig>;

/**
 * Validates a raw `sla:` section; every problem with its path (`sla.calendars[0].hours.mon[1]`).
 * Pass the configured connection ids to also check `match.connection`.
 */
export function validateSlaConfig(
  input: unknown,
  options: { connections?: readonly string[] } = {},
): { path: string; message: string }[] {
  const result = SlaConfig.safeParse(input);
  const issues: Issue[] = result.success
    ? // Valid shapes passed every other cross-check already; only the connection ids remain.
      slaCrossIssues(result.data, options.connections)
    : result.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
  return issues.map((i) => ({ path: formatPath(['sla', ...i.path]), message: i.message }));
}

/** What a policy needs to know of a ticket. */
export interface PolicyFacts {
  ticket: Pick<Ticket, 'source' | 'priority' | 'channel' | 'groupId' | 'tags'>;
  /** The tier of the ticket's organization, when it has one. */
  organizationTier: string | null;
}

function listed<T>(list: readonly T[] | undefined, value: T | null): boolean {
  return list === undefined || (value !== null && list.includes(value));
}

export function policyMatches(match: PolicyMatch, { ticket, organizationTier }: PolicyFacts): boolean {
  const tags = new Set(ticket.tags);
  return (
    listed(match.connection, ticket.source) &&
    listed(match.priority, ticket.priority) &&
    listed(match.channel, ticket.channel) &&
    listed(match.group, ticket.groupId) &&
    listed(match.organizationTier, organizationTier) &&
    (match.tags?.all ?? []).every((t) => tags.has(t)) &&
    (match.tags?.any === undefined || match.tags.any.some((t) => tags.has(t)))
  );
}

/** First match wins, as in Zendesk: order policies from most to least specific. */
export function matchPolicy(policies: readonly SlaPolicy[], facts: PolicyFacts): SlaPolicy | null {
  return policies.find((p) => policyMatches(p.match, facts)) ?? null;
}

/** A resolved target: minutes, the calendar to count them in (null = calendar time), pausing. */
export interface Clock {
  minutes: number;
  calendar: CalendarConfig | null;
  pauseWhile: readonly ('pending' | 'on_hold')[];
}

/** The clock of one metric of a policy, or null when the policy sets no target for it. */
export function policyClock(config: SlaConfig, policy: SlaPolicy, metric: PolicyMetric): Clock | null {
  const target = policy.targets[metric];
  if (target === undefined) return null;
  const calendarId = target.business ? (target.calendar ?? policy.calendar) : undefined;
  const calendar =
    calendarId === undefined ? null : (config.calendars.find((c) => c.id === calendarId) ?? null);
  return { minutes: target.minutes, calendar, pauseWhile: target.pauseWhile };
}
