import { z } from 'zod';
import { formatPath } from '../../config/env.js';
import { SlaMetric, type SlaTarget } from '../../domain/sla-target.js';
import { type Ticket, TicketPriority } from '../../domain/ticket.js';
import { instantOf } from '../sla/clock.js';
import { effectiveStage, preferNativeTargets } from '../sla/today.js';

export const EscalationLevelConfig = z.strictObject({
  name: z.string().min(1),
  /** Who owns escalations at this level (a person record id, a Slack user, an email). */
  owner: z.string().min(1).nullable().default(null),
  /** Where to announce them (Slack channels or users). */
  notify: z.array(z.string().min(1)).default([]),
});

const CONDITIONS = [
  'slaBreached',
  'priority',
  'unassignedForMinutes',
  'organizationTier',
  'tags',
  'reopenedAtLeast',
  'crmEscalated',
] as const;

/** Every listed condition must hold for the rule to fire. */
export const EscalationWhen = z
  .strictObject(
    {
      /** An SLA target of the ticket is breached and still unanswered (optionally only these metrics). */
      slaBreached: z
        .union([z.literal(true), z.strictObject({ metrics: z.array(SlaMetric).min(1) })])
        .optional(),
      priority: z.array(TicketPriority).min(1, 'list at least one priority').optional(),
      /** No assignee for at least this long. */
      unassignedForMinutes: z.number().int().positive().optional(),
      organizationTier: z.array(z.string().min(1)).min(1, 'list at least one tier').optional(),
      tags: z
        .strictObject({
          all: z.array(z.string()).min(1).optional(),
          any: z.array(z.string()).min(1).optional(),
        })
        .optional(),
      reopenedAtLeast: z.number().int().positive().optional(),
      /** The CRM flags the ticket as escalated (Salesforce `IsEscalated`, a Zendesk tag mapped to it). */
      crmEscalated: z.literal(true).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown condition ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${CONDITIONS.join(', ')})`
          : undefined,
    },
  )
  .refine((w) => Object.values(w).some((v) => v !== undefined), 'a rule needs at least one condition');
export type EscalationWhen = z.output<typeof EscalationWhen>;

export const EscalationRuleConfig = z.strictObject({
  id: z.string().min(1),
  /** A level number (1 = first level) or a level name. */
  level: z.union([z.number().int().min(1), z.string().min(1)]),
  /** The reason recorded on the escalation; generated from the conditions when absent. */
  reason: z.string().min(1).optional(),
  when: EscalationWhen,
});
export type EscalationRuleConfig = z.output<typeof EscalationRuleConfig>;

/** The `escalation:` config section. */
export const EscalationConfig = z
  .strictObject({
    levels: z.array(EscalationLevelConfig).min(1, 'define at least one level'),
    rules: z.array(EscalationRuleConfig).default([]),
    /** Resolve an open escalation automatically once its ticket is solved. */
    autoResolveWhenSolved: z.boolean().default(true),
  })
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const names = new Set<string>();
    config.levels.forEach((level, i) => {
      if (names.has(level.name)) issue(['levels', i, 'name'], `duplicate level name "${level.name}"`);
      names.add(level.name);
    });
    const ruleIds = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (ruleIds.has(rule.id)) issue(['rules', i, 'id'], `duplicate rule id "${rule.id}"`);
      ruleIds.add(rule.id);
      if (levelNumber(config, rule.level) === null) {
        const known = config.levels.map((l, n) => `${n + 1} (${l.name})`).join(', ');
        issue(['rules', i, 'level'], `no level ${JSON.stringify(rule.level)} (known: ${known})`);
      }
    });
  });
export type EscalationConfig = z.output<typeof EscalationConfig>;

/** 1-based level number of a reference by number or name; null when there is no such level. */
export function levelNumber(config: Pick<EscalationConfig, 'levels'>, ref: number | string): number | null {
  if (typeof ref === 'number') return ref >= 1 && ref <= config.levels.length ? ref : null;
  const index = config.levels.findIndex((l) => l.name === ref);
  return index === -1 ? null : index + 1;
}

/** Validates a raw `escalation:` section; every problem with its path (`escalation.rules[0].level`). */
export function validateEscalationConfig(input: unknown): { path: string; message: string }[] {
  const result = EscalationConfig.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: formatPath(['escalation', ...i.path]),
    message: i.message,
  }));
}

export interface EscalationContext {
  now: Date;
  /** The ticket's SLA targets (native and policy; native win where both exist). */
  targets: readonly SlaTarget[];
  organizationTier: string | null;
  /** Since when the ticket has had no assignee; the creation time when unknown. */
  unassignedSince?: string | null | undefined;
}

export interface EscalationVerdict {
  /** The highest level any matching rule asks for. */
  level: number;
  /** Stable texts (thresholds, never elapsed times), so re-evaluating yields the same reasons. */
  reasons: string[];
  rules: string[];
}

function breachedMetrics(when: EscalationWhen, context: EscalationContext): string[] {
  const nowMs = context.now.getTime();
  const wanted =
    when.slaBreached === true || when.slaBreached === undefined ? null : when.slaBreached.metrics;
  const metrics = preferNativeTargets(context.targets)
    .filter((t) => t.achievedAt === null && effectiveStage(t, nowMs).stage === 'breached')
    .map((t) => t.metric)
    .filter((m) => wanted === null || wanted.includes(m));
  return [...new Set(metrics)].sort();
}

interface Facts {
  ticket: Ticket;
  context: EscalationContext;
  tags: ReadonlySet<string>;
}

/** One condition: undefined when the rule does not use it, null when it fails, else its description. */
type Condition = (when: EscalationWhen, facts: Facts) => string | null | undefined;

const conditions: Record<(typeof CONDITIONS)[number], Condition> = {
  slaBreached: (when, { context }) => {
    if (when.slaBreached === undefined) return undefined;
    const breached = breachedMetrics(when, context);
    return breached.length > 0 ? `SLA breached (${breached.join(', ')})` : null;
  },
  priority: ({ priority }, { ticket }) => {
    if (priority === undefined) return undefined;
    return ticket.priority !== null && priority.includes(ticket.priority)
      ? `priority ${ticket.priority}`
      : null;
  },
  unassignedForMinutes: ({ unassignedForMinutes: minutes }, { ticket, context }) => {
    if (minutes === undefined) return undefined;
    const since = instantOf(context.unassignedSince ?? ticket.createdAt);
    const long = since !== null && context.now.getTime() - since >= minutes * 60_000;
    return ticket.assigneeId === null && long ? `unassigned for ${minutes} min or more` : null;
  },
  organizationTier: ({ organizationTier: tiers }, { context: { organizationTier: tier } }) => {
    if (tiers === undefined) return undefined;
    return tier !== null && tiers.includes(tier) ? `organization tier ${tier}` : null;
  },
  tags: ({ tags: wanted }, { tags }) => {
    if (wanted === undefined) return undefined;
    const any = wanted.any?.filter((t) => tags.has(t));
    if (!(wanted.all ?? []).every((t) => tags.has(t)) || any?.length === 0) return null;
    return `tagged ${[...(wanted.all ?? []), ...(any ?? [])].join(', ')}`;
  },
  reopenedAtLeast: ({ reopenedAtLeast: n }, { ticket }) => {
    if (n === undefined) return undefined;
    return (ticket.reopens ?? 0) >= n ? `reopened ${n} times or more` : null;
  },
  crmEscalated: ({ crmEscalated }, { ticket }) => {
    if (crmEscalated === undefined) return undefined;
    return ticket.isEscalated ? 'escalated in the CRM' : null;
  },
};

/** The descriptions of the rule's conditions when all hold, or null when one does not. */
function conditionsHold(when: EscalationWhen, facts: Facts): string[] | null {
  const parts: string[] = [];
  for (const name of CONDITIONS) {
    const outcome = conditions[name](when, facts);
    if (outcome === null) return null;
    if (outcome !== undefined) parts.push(outcome);
  }
  return parts;
}

/**
 * Which level the rules raise the ticket to now, and why; null when no rule matches or the ticket
 * is solved, closed or deleted (nothing left to escalate). Pure: the same input gives the same verdict.
 */
export function evaluateEscalation(
  config: EscalationConfig,
  ticket: Ticket,
  context: EscalationContext,
): EscalationVerdict | null {
  if (ticket.deleted || ticket.status === 'solved' || ticket.status === 'closed') return null;
  let level = 0;
  const reasons: string[] = [];
  const rules: string[] = [];
  const facts: Facts = { ticket, context, tags: new Set(ticket.tags) };
  for (const rule of config.rules) {
    const parts = conditionsHold(rule.when, facts);
    const ruleLevel = levelNumber(config, rule.level);
    if (parts === null || ruleLevel === null) continue;
    level = Math.max(level, ruleLevel);
    rules.push(rule.id);
    const reason = rule.reason ?? parts.join(' and ');
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return level === 0 ? null : { level, reasons, rules };
}
