import { z } from 'zod';

const RuleId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _');

/**
 * Sampling rules raise QA flags on their own (source `rule`). Selection is deterministic — a hash
 * of rule id and ticket id — so re-running a week's sampling picks the same tickets.
 */
const SamplingRule = z.discriminatedUnion('kind', [
  z
    .strictObject({
      id: RuleId,
      kind: z.literal('solved-per-agent'),
      percent: z.number().gt(0).max(100).describe('Share of each agent’s solved tickets per week'),
    })
    .describe('e.g. 5% of every agent’s solved tickets each week (at least one per agent)'),
  z
    .strictObject({ id: RuleId, kind: z.literal('bad-csat') })
    .describe('Every ticket whose customer rated it bad'),
  z
    .strictObject({ id: RuleId, kind: z.literal('escalated'), minLevel: z.number().int().min(1).default(1) })
    .describe('Every ticket with an open escalation at this level or above'),
]);
export type SamplingRule = z.output<typeof SamplingRule>;

/** The `qa:` section: where scorecards live and how reviews, disputes and sampling behave. */
export const QaConfig = z.strictObject({
  scorecards: z
    .string()
    .min(1)
    .default('./scorecards')
    .describe('Folder of scorecard YAML files, relative to the config file'),
  disputeWindowDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(7)
    .describe('Days after a review during which its agent may dispute it'),
  allowSelfReview: z
    .boolean()
    .default(false)
    .describe('Let a reviewer review a ticket assigned to themselves'),
  reviewers: z
    .array(z.string().min(1))
    .default([])
    .describe('Reviewers (emails or slack:U…) that round-robin assignment hands flags to'),
  leads: z
    .array(z.string().min(1))
    .default([])
    .describe('QA leads: may resolve any dispute and start calibration sessions'),
  sampling: z.array(SamplingRule).default([]),
});
export type QaConfig = z.output<typeof QaConfig>;
