import type SqliteDatabase from 'better-sqlite3';

/**
 * Bulk upserts on SQLite without Kysely: one prepared single-row statement per table and column
 * set, run once per row. better-sqlite3 is synchronous and in-process, so this is several times
 * faster than building, parsing and preparing a 1,000-row statement per page. Only used through
 * repositories bound to a transaction: Kysely then holds the one connection for us, so these
 * writes belong to that transaction and nothing else can interleave.
 */
export interface FastWriter {
  upsert(table: string, rows: readonly Record<string, unknown>[], newerThanColumn?: string): void;
}

export function sqliteFastWriter(handle: SqliteDatabase.Database): FastWriter {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return {
    upsert(table, rows, newerThanColumn) {
      const first = rows[0];
      if (first === undefined) return;
      const columns = Object.keys(first);
      const key = `${table}|${columns.join(',')}|${newerThanColumn ?? ''}`;
      let statement = statements.get(key);
      if (statement === undefined) {
        const updated = columns.filter((c) => c !== 'id' && c !== 'source' && c !== 'external_id');
        const guard =
          newerThanColumn === undefined
            ? ''
            : ` where excluded.${quote(newerThanColumn)} >= ${quote(table)}.${quote(newerThanColumn)}`;
        statement = handle.prepare(
          `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
            `on conflict (source, external_id) do update set ${updated.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}${guard}`,
        );
        statements.set(key, statement);
      }
      for (const row of rows) statement.run(columns.map((c) => row[c]));
    },
  };
}
