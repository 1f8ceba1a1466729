import type { Dataset } from './dataset.js';
import type { SfRecord } from './seed.js';
import { fieldValue, matches, type ParsedQuery, parseSoql, SoqlSyntaxError } from './soql-engine.js';

/** An error the sandbox answers the way Salesforce does: status + `[{message, errorCode}]`. */
export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueryRun {
  /** The object queried (FROM). */
  object: string;
  totalSize: number;
  records: Iterator<Record<string, unknown>>;
  count: boolean;
}

/** Runs a SOQL query against the dataset: filtered, ordered, limited, projected rows — lazily. */
export function executeQuery(dataset: Dataset, soql: string, scanAll: boolean): QueryRun {
  let query: ParsedQuery;
  try {
    query = parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlSyntaxError) throw new SandboxApiError(400, 'MALFORMED_QUERY', error.message);
    throw error;
  }
  checkFields(dataset, query);
  const semiJoins = new Map<ParsedQuery, Set<unknown>>();
  const semiJoin = (sub: ParsedQuery) => {
    let set = semiJoins.get(sub);
    if (set === undefined) {
      set = new Set();
      const field = sub.select === 'count' ? 'Id' : (sub.select[0] ?? 'Id');
      for (const r of rows(dataset, sub, false, () => new Set())) set.add(fieldValue(r, field));
      semiJoins.set(sub, set);
    }
    return set;
  };
  let totalSize = 0;
  for (const _ of rows(dataset, query, scanAll, semiJoin)) totalSize++;
  const projected = (function* () {
    for (const record of rows(dataset, query, scanAll, semiJoin)) yield project(dataset, query, record);
  })();
  return { object: query.from, totalSize, records: projected, count: query.select === 'count' };
}

function* rows(
  dataset: Dataset,
  query: ParsedQuery,
  scanAll: boolean,
  semiJoin: (q: ParsedQuery) => Set<unknown>,
): Generator<SfRecord> {
  const natural =
    query.orderBy.length === 0 ||
    query.orderBy.map((o) => `${o.field}${o.desc ? '-' : ''}`).join(',') === 'SystemModstamp,Id';
  const byId = idLookup(query);
  const source =
    byId !== null
      ? [dataset.get(query.from, byId)].filter((r) => r !== null)
      : natural
        ? dataset.scan(query.from)
        : sorted(dataset.scan(query.from), query.orderBy);
  let emitted = 0;
  for (const record of source) {
    if (query.limit !== null && emitted >= query.limit) return;
    if (!scanAll && record.IsDeleted === true) continue;
    if (!matches(query.where, record, semiJoin)) continue;
    emitted++;
    yield record;
  }
}

/** `WHERE Id = '…'` (a record by Id) reads that one record instead of scanning the object. */
function idLookup(query: ParsedQuery): string | null {
  const where = query.where;
  return where?.kind === 'cmp' && where.field === 'Id' && where.op === '=' && typeof where.value === 'string'
    ? where.value
    : null;
}

/**
 * A parent relationship (`Contact.Email` on Case) follows its lookup field (`ContactId`), as
 * Salesforce does; a missing or deleted parent is null.
 */
function parentOf(dataset: Dataset, record: SfRecord, name: string): Record<string, unknown> | null {
  const id = record[`${name}Id`];
  if (typeof id !== 'string') return null;
  const object = dataset.objectOfId(id);
  const found = object === null ? null : dataset.get(object, id);
  return found === null || found.IsDeleted === true ? null : found;
}

function sorted(records: Iterable<SfRecord>, orderBy: ParsedQuery['orderBy']): SfRecord[] {
  return [...records].sort((a, b) => {
    for (const { field, desc } of orderBy) {
      const x = String(fieldValue(a, field) ?? '');
      const y = String(fieldValue(b, field) ?? '');
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

function checkFields(dataset: Dataset, query: ParsedQuery): void {
  if (!dataset.has(query.from)) {
    throw new SandboxApiError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  const sample = dataset.scan(query.from).next().value;
  if (sample === undefined || query.select === 'count') return;
  for (const field of query.select) {
    const [root, child] = field.split('.', 2) as [string, string | undefined];
    if (root in sample) continue;
    if (child !== undefined && `${root}Id` in sample) {
      // The parent's own fields are checked when it is a plain object (not polymorphic like Owner).
      const parentSample = dataset.has(root) ? dataset.scan(root).next().value : undefined;
      if (parentSample === undefined || child in parentSample) continue;
      throw new SandboxApiError(400, 'INVALID_FIELD', `No such column '${child}' on entity '${root}'.`);
    }
    throw new SandboxApiError(400, 'INVALID_FIELD', `No such column '${field}' on entity '${query.from}'.`);
  }
}

function project(dataset: Dataset, query: ParsedQuery, record: SfRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: record.attributes };
  if (query.select === 'count') return out;
  for (const field of query.select) {
    const [root, child] = field.split('.', 2) as [string, string | undefined];
    if (child === undefined) {
      out[root] = record[root] ?? null;
      continue;
    }
    const parent = (root in record ? record[root] : parentOf(dataset, record, root)) as
      | Record<string, unknown>
      | null
      | undefined;
    if (parent === null || parent === undefined) out[root] = null;
    else
      out[root] = {
        ...((out[root] as Record<string, unknown> | null) ?? { attributes: parent.attributes }),
        [child]: parent[child] ?? null,
      };
  }
  return out;
}
