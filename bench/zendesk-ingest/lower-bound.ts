import Database from 'better-sqlite3';
import pg from 'pg';

/** The columns the lower bound writes: the ticket row, taken straight from the raw JSON. */
const COLUMNS = [
  'id',
  'source',
  'external_id',
  'number',
  'subject',
  'description',
  'status',
  'priority',
  'type',
  'requester_id',
  'organization_id',
  'assignee_id',
  'group_id',
  'tags',
  'custom_fields',
  'created_at',
  'updated_at',
] as const;

type Raw = Record<string, unknown>;

function row(t: Raw): unknown[] {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return [
    `lb:${t.id}`,
    'lb',
    String(t.id),
    String(t.id),
    t.subject ?? null,
    t.description ?? null,
    t.status,
    t.priority ?? null,
    t.type ?? null,
    str(t.requester_id),
    str(t.organization_id),
    str(t.assignee_id),
    str(t.group_id),
    JSON.stringify(t.tags),
    JSON.stringify(t.custom_fields),
    t.created_at,
    t.updated_at,
  ];
}

/** Follows the same cursor export with plain fetch and JSON.parse: what any client must pay. */
async function* pages(url: string, auth: string): AsyncGenerator<Raw[]> {
  let query = `start_time=0&per_page=1000&support_type_scope=all&include=metric_sets`;
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
    query = `cursor=${body.after_cursor}&per_page=1000&support_type_scope=all&include=metric_sets`;
  }
}

const DDL = `create table lb_tickets (${COLUMNS.map((c) => `${c} text`).join(', ')}, primary key (id))`;

/** The same pages, the same rows, one prepared INSERT in one transaction; no mapping, no validation. */
export async function lowerBoundSqlite(url: string, auth: string, file: string): Promise<number> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(DDL);
  const insert = db.prepare(`insert into lb_tickets values (${COLUMNS.map(() => '?').join(', ')})`);
  let rows = 0;
  db.exec('begin');
  for await (const tickets of pages(url, auth)) {
    for (const t of tickets) insert.run(...row(t));
    rows += tickets.length;
  }
  db.exec('commit');
  db.close();
  return rows;
}

export async function lowerBoundPostgres(url: string, auth: string, databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(DDL);
  const text = `insert into lb_tickets values (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
  let rows = 0;
  await client.query('begin');
  for await (const tickets of pages(url, auth)) {
    for (const t of tickets) await client.query({ name: 'lb_insert', text, values: row(t) });
    rows += tickets.length;
  }
  await client.query('commit');
  await client.end();
  return rows;
}
