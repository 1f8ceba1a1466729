import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';

// Kysely types every table separately; the shared upsert works on any of the synced tables,
// so it goes through a loosely typed view of the same connection. Rows are built by typed mappers.
type LooseDatabase = Kysely<Record<string, Record<string, unknown>>>;

/** Both stores cap bound parameters per statement (SQLite 32766, PostgreSQL 65535). */
const MAX_PARAMETERS = 30_000;

export interface UpsertOptions {
  /** When set, an existing row is only overwritten by a row at least this new (replays never regress data). */
  newerThanColumn?: string;
}

/** Inserts or updates rows keyed by `(source, external_id)`; replaying the same rows changes nothing. */
export async function upsertBySourceKey(
  db: Kysely<Database>,
  table: keyof Database,
  rows: Record<string, unknown>[],
  options: UpsertOptions = {},
  fast: FastWriter | null = null,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  if (fast !== null) {
    fast.upsert(table, rows, options.newerThanColumn);
    return;
  }
  const columns = Object.keys(first);
  const updated = columns.filter((c) => c !== 'id' && c !== 'source' && c !== 'external_id');
  const chunkSize = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const loose = db as unknown as LooseDatabase;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = dedupeByKey(rows.slice(start, start + chunkSize));
    await loose
      .insertInto(table)
      .values(chunk)
      .onConflict((conflict) => {
        const update = conflict
          .columns(['source', 'external_id'])
          .doUpdateSet(Object.fromEntries(updated.map((c) => [c, sql.ref(`excluded.${c}`)])));
        const guard = options.newerThanColumn;
        return guard === undefined
          ? update
          : update.where(sql.ref(`excluded.${guard}`), '>=', sql.ref(`${table}.${guard}`));
      })
      .execute();
  }
}

/** One statement may not touch the same key twice (PostgreSQL refuses it); the last version wins. */
function dedupeByKey(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows) byKey.set(`${String(row.source)}\u0000${String(row.external_id)}`, row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/** Keyset pagination over a table by id: constant memory however large the table is. */
export async function* iterateById<Row>(
  fetchPage: (afterId: string | null, limit: number) => Promise<Row[]>,
  idOf: (row: Row) => string,
  pageSize = 1000,
): AsyncGenerator<Row> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after, pageSize);
    for (const row of page) yield row;
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return;
    after = idOf(last);
  }
}
