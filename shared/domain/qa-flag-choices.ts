/**
 * What a person raising a QA flag chooses from, in Slack and in the sidebar. Plain constants in a
 * file of their own (no zod): the sidebar's browser bundle imports them without the schemas.
 */
export const QA_CATEGORIES = ['tone', 'accuracy', 'policy', 'process', 'other'] as const;
export type QaFlagCategory = (typeof QA_CATEGORIES)[number];

export const QA_SEVERITIES = ['low', 'medium', 'high'] as const;
export type QaFlagSeverity = (typeof QA_SEVERITIES)[number];

/** The longest reason a flag keeps (after trimming). */
export const QA_FLAG_REASON_MAX = 3000;
