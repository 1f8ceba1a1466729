import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The lower bound: the same export pages fetched with plain fetch and JSON.parse, and the same rows
 * written into the same `tickets` table (same indexes, freshly migrated) with one prepared INSERT in
 * one transaction — no validation, no mapping, no masking, no upsert.
 */
const COLUMNS = [
  'id',
  'source',
  'external_id',
  'number',
  'url',
  'subject',
  'description',
  'status',
  'source_status',
  'priority',
  'source_priority',
  'type',
  'channel',
  'requester_id',
  'organization_id',
  'assignee_id',
  'group_id',
  'tags',
  'custom_fields',
  'is_escalated',
  'satisfaction',
  'created_at',
  'updated_at',
  'first_responded_at',
  'solved_at',
  'closed_at',
  'reopens',
  'deleted',
] as const;

type Raw = Record<string, unknown>;

/** Raw values as they come, in column order (booleans as the store encodes them). */
function row(t: Raw, yes: unknown, no: unknown): unknown[] {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const via = t.via as { channel?: unknown } | null | undefined;
  return [
    `lb:${t.id}`,
    'lb',
    String(t.id),
    String(t.id),
    t.url ?? null,
    t.subject ?? null,
    t.description ?? null,
    t.status,
    t.status,
    t.priority ?? null,
    t.priority ?? null,
    t.type ?? null,
    str(via?.channel),
    str(t.requester_id),
    str(t.organization_id),
    str(t.assignee_id),
    str(t.group_id),
    JSON.stringify(t.tags),
    JSON.stringify(t.custom_fields),
    no,
    JSON.stringify(t.satisfaction_rating ?? null),
    t.created_at,
    t.updated_at,
    null,
    null,
    null,
    null,
    yes === true ? false : 0,
  ];
}

async function* pages(url: string, auth: string): AsyncGenerator<Raw[]> {
  const rest = 'per_page=1000&support_type_scope=all&include=metric_sets';
  let query = `start_time=0&${rest}`;
  for (;;) {
    const response = await fetch(`${url}/api/v2/incremental/tickets/cursor.json?${query}`, {
      headers: { authorization: auth },
    });
    const body = JSON.parse(await response.text()) as {
      tickets: Raw[];
      after_cursor: string;
      end_of_stream: boolean;
    };
    yield body.tickets;
    if (body.end_of_stream) return;
    query = `cursor=${body.after_cursor}&${rest}`;
  }
}

const insertSql = (placeholder: (i: number) => string) =>
  `insert into tickets (${COLUMNS.join(', ')}) values (${COLUMNS.map((_, i) => placeholder(i)).join(', ')})`;

export async function lowerBoundSqlite(url: string, auth: string, file: string): Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(insertSql(() => '?'));
  let rows = 0;
  db.exec('begin');
  for await (const tickets of pages(url, auth)) {
    for (const t of tickets) insert.run(...row(t, 1, 0));
    rows += tickets.length;
  }
  db.exec('commit');
  db.close();
  return rows;
}

export async function lowerBoundPostgres(url: string, auth: string, databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const text = insertSql((i) => `$${i + 1}`);
  let rows = 0;
  await client.query('begin');
  for await (const tickets of pages(url, auth)) {
    for (const t of tickets) await client.query({ name: 'lb_insert', text, values: row(t, true, false) });
    rows += tickets.length;
  }
  await client.query('commit');
  await client.end();
  return rows;
}
