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
    for (const record of rows(dataset, query, scanAll, semiJoin)) yield project(query, record);
  })();
  return { totalSize, records: projected, count: query.select === 'count' };
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
  const source = natural ? dataset.scan(query.from) : sorted(dataset.scan(query.from), query.orderBy);
  let emitted = 0;
  for (const record of source) {
    if (query.limit !== null && emitted >= query.limit) return;
    if (!scanAll && record.IsDeleted === true) continue;
    if (!matches(query.where, record, semiJoin)) continue;
    emitted++;
    yield record;
  }
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
    const root = field.split('.')[0] ?? field;
    if (!(root in sample)) {
      throw new SandboxApiError(400, 'INVALID_FIELD', `No such column '${field}' on entity '${query.from}'.`);
    }
  }
}

function project(query: ParsedQuery, record: SfRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: record.attributes };
  if (query.select === 'count') return out;
  for (const field of query.select) {
    const [root, child] = field.split('.', 2) as [string, string | undefined];
    if (child === undefined) {
      out[root] = record[root] ?? null;
      continue;
    }
    const parent = record[root] as Record<string, unknown> | null | undefined;
    if (parent === null || parent === undefined) out[root] = null;
    else
      out[root] = {
        ...((out[root] as Record<string, unknown> | null) ?? { attributes: parent.attributes }),
        [child]: parent[child] ?? null,
      };
  }
  return out;
}
