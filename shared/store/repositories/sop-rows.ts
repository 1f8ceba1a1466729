import type { Selectable } from 'kysely';
import { readJson } from '../codec.js';
import type { SopsTable } from '../schema.js';

/** An SOP as indexed, without its body. `appliesTo` is the validated rule list, stored as JSON. */
export interface IndexedSop {
  id: string;
  path: string;
  hash: string;
  title: string;
  tags: string[];
  appliesTo: unknown[];
  owner: string;
  version: string;
  reviewIntervalDays: number;
  lastVerified: string | null;
}

export interface IndexedSopWithBody extends IndexedSop {
  body: string;
}

/**
 * Where an indexed SOP comes from: a file of the SOP folder, or a knowledge article imported from a
 * CRM connection (`source`, the connection id; `externalId`, the CRM's article id).
 */
export type SopOrigin = { kind: 'file' } | { kind: 'import'; source: string; externalId: string };

export const FILE_ORIGIN: SopOrigin = { kind: 'file' };

export function originOf(r: {
  origin: string;
  origin_source: string | null;
  external_id: string | null;
}): SopOrigin {
  return r.origin === 'import' && r.origin_source !== null && r.external_id !== null
    ? { kind: 'import', source: r.origin_source, externalId: r.external_id }
    : FILE_ORIGIN;
}

export const SUMMARY = [
  'id',
  'path',
  'content_hash',
  'title',
  'tags',
  'applies_to',
  'owner',
  'version',
  'review_interval_days',
  'last_verified',
] as const;
export type SummaryRow = Pick<Selectable<SopsTable>, (typeof SUMMARY)[number]>;

export function fromRow(r: SummaryRow): IndexedSop {
  return {
    id: r.id,
    path: r.path,
    hash: r.content_hash,
    title: r.title,
    tags: readJson<string[]>(r.tags),
    appliesTo: readJson<unknown[]>(r.applies_to),
    owner: r.owner,
    version: r.version,
    reviewIntervalDays: Number(r.review_interval_days),
    lastVerified: r.last_verified,
  };
}
