import { z } from 'zod';

/** Canonical UTC instant as produced by `Date.prototype.toISOString()`; sorts correctly as text in both stores. */
export const UtcTimestamp = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    'expected an ISO-8601 UTC timestamp like 2024-01-31T09:30:00.000Z',
  );
export type UtcTimestamp = z.infer<typeof UtcTimestamp>;

/** A connection id such as `zendesk-main`; it prefixes every record id. */
export const SourceId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _');

/** `<source>:<externalId>` — the one identifier every surface uses for a CRM record. */
export const RecordId = z.string().min(3).includes(':');

/** Converts any instant the CRMs send (ISO with offset, Unix seconds, Date) into the canonical UTC form, or null. */
export function toUtcTimestamp(value: string | number | Date | null | undefined): UtcTimestamp | null {
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function recordId(source: string, externalId: string | number): string {
  return `${source}:${externalId}`;
}

/** Inverse of `recordId`; the external id may itself contain colons. */
export function splitRecordId(id: string): { source: string; externalId: string } {
  const at = id.indexOf(':');
  if (at <= 0) throw new Error(`not a record id (expected <source>:<externalId>): ${id}`);
  return { source: id.slice(0, at), externalId: id.slice(at + 1) };
}

export const recordIdentity = {
  id: RecordId,
  source: SourceId,
  externalId: z.string().min(1),
};
