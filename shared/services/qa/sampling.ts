import { createHash } from 'node:crypto';
import type { SamplingRule } from '../../config/sections/qa.js';
import type { QaFlag, Ticket } from '../../domain/index.js';
import type { QaContext } from './context.js';

/**
 * Sampling rules raise flags without anyone asking. Selection is deterministic — tickets are
 * ordered by a hash of rule id and ticket id — so running a week twice picks the same tickets and
 * the flag ids (`rule:<rule>:<ticket>`) make the second run add nothing.
 */

export interface Sample {
  ruleId: string;
  ticketId: string;
  reason: string;
}

const rank = (ruleId: string, ticketId: string) =>
  createHash('sha256').update(`${ruleId}\0${ticketId}`).digest('hex');

/** Tickets in [from, to) each rule picks: `percent` of every agent's solved tickets (at least one), or bad CSAT. */
export function sampleTickets(
  tickets: readonly Ticket[],
  rules: readonly SamplingRule[],
  from: string,
  to: string,
): Sample[] {
  const inWeek = (at: string | null) => at !== null && at >= from && at < to;
  const samples: Sample[] = [];
  for (const rule of rules) {
    if (rule.kind === 'escalated') continue; // needs the escalations: see escalatedSamples
    if (rule.kind === 'bad-csat') {
      for (const t of tickets)
        if (t.satisfaction?.score === 'bad' && inWeek(t.solvedAt ?? t.updatedAt))
          samples.push({ ruleId: rule.id, ticketId: t.id, reason: 'customer rated the ticket bad' });
      continue;
    }
    const byAgent = new Map<string, Ticket[]>();
    for (const t of tickets) {
      if (t.assigneeId === null || !inWeek(t.solvedAt)) continue;
      byAgent.set(t.assigneeId, [...(byAgent.get(t.assigneeId) ?? []), t]);
    }
    for (const solved of byAgent.values()) {
      const take = Math.ceil((solved.length * rule.percent) / 100);
      const picked = [...solved]
        .sort((a, b) => rank(rule.id, a.id).localeCompare(rank(rule.id, b.id)))
        .slice(0, take);
      for (const t of picked)
        samples.push({
          ruleId: rule.id,
          ticketId: t.id,
          reason: `sampled: ${rule.percent}% of the agent's solved tickets`,
        });
    }
  }
  return samples;
}

/** Tickets with an open escalation at a rule's level or above: QA reviews how escalations were handled. */
async function escalatedSamples(ctx: QaContext, rules: readonly SamplingRule[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'escalated') continue;
    for (const e of await ctx.store.escalations.listOpen(rule.minLevel)) {
      samples.push({
        ruleId: rule.id,
        ticketId: e.ticketId,
        reason: `escalated to level ${e.level}: ${e.reasons.join('; ')}`,
      });
    }
  }
  return samples;
}

/** The Monday-to-Monday UTC week before the one `now` falls in. */
export function previousWeek(now: Date): { from: string; to: string } {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return { from: new Date(monday.getTime() - 7 * 86_400_000).toISOString(), to: monday.toISOString() };
}

/** The current week so far: Monday 00:00 UTC to `now` (what sampling after each sync covers). */
export function weekToDate(now: Date): { from: string; to: string } {
  return { from: previousWeek(now).to, to: now.toISOString() };
}

/** Runs every configured sampling rule over a week and adds the flags not raised before. */
export async function runSampling(ctx: QaContext, week = previousWeek(ctx.now())): Promise<QaFlag[]> {
  const tickets = await ctx.store.tickets.listForPeriod(week.from);
  const added: QaFlag[] = [];
  const rules = ctx.config().sampling;
  const samples = [
    ...sampleTickets(tickets, rules, week.from, week.to),
    ...(await escalatedSamples(ctx, rules)),
  ];
  for (const sample of samples) {
    const id = `rule:${sample.ruleId}:${sample.ticketId}`;
    if ((await ctx.store.qaFlags.get(id)) !== null) continue;
    const flag: QaFlag = {
      id,
      ticketId: sample.ticketId,
      flaggedBy: `rule:${sample.ruleId}`,
      reason: sample.reason,
      category: null,
      severity: null,
      permalink: null,
      source: 'rule',
      status: 'open',
      createdAt: ctx.now().toISOString(),
      claimedBy: null,
      claimedAt: null,
    };
    await ctx.store.qaFlags.add(flag);
    added.push(flag);
  }
  return added;
}
