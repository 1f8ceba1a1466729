import { z } from 'zod';

/**
 * The settings every connector's `knowledge` option shares: who owns imported articles whose
 * author has no email in the CRM, and how often they are due for review. The `knowledge` stream
 * imports only when a job lists it, so real connections import nothing unless asked to.
 */
export const knowledgeImportFields = {
  defaultOwner: z
    .string()
    .trim()
    .min(1, 'name who keeps imported articles current (a Slack user id or an email)')
    .describe(
      'Owner of imported articles whose author has no email in the CRM (a Slack user id or an email)',
    ),
  reviewIntervalDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Days after an article’s last update before it needs review, as for SOP files'),
};

/**
 * A duration like `1d`, `12h`, `30m`. Kept as text in the parsed config (connections are parsed
 * again by their connector, so a value must read the same after a second parse); see `durationMs`.
 */
export const KnowledgeDuration = z.string().regex(/^\d+(m|h|d)$/, 'expected a duration like 30m, 12h or 1d');

export function durationMs(text: string): number {
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[text.slice(-1)];
  if (unit === undefined || !/^\d+$/.test(text.slice(0, -1))) throw new TypeError(`not a duration: ${text}`);
  return Number(text.slice(0, -1)) * unit;
}
