import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import type { Database } from '../schema.js';
import { fromRow, type IndexedSop, type SummaryRow } from './sop-rows.js';

/**
 * A parsed query: phrases of one or more plain words (letters and digits only — the service's
 * tokenizer guarantees that; they are quoted again here so nothing can reach the query syntax).
 */
export interface SopTextQuery {
  phrases: string[][];
  mode: 'all' | 'any';
  limit: number;
  /** Only these SOPs (suggestions rank rule matches); undefined = all. */
  ids?: readonly string[];
  /**
   * False: the caller shows only some of the rows, so they come without snippets (PostgreSQL's
   * ts_headline costs about half a millisecond a row; SQLite's snippet() needs a second MATCH);
   * `snippetsFor` cuts the ones shown.
   */
  snippets?: boolean;
}

/** Higher `score` is better on both stores; the snippet marks matches with \u0002 … \u0003. */
export interface SopSearchRow extends IndexedSop {
  score: number;
  snippet: string;
}

/** FTS5: every word double-quoted (quotes doubled), phrases as one quoted string. */
export function fts5Query(phrases: readonly string[][], mode: 'all' | 'any'): string {
  const quoted = phrases.map((words) => `"${words.join(' ').replace(/"/g, '""')}"`);
  return quoted.join(mode === 'all' ? ' AND ' : ' OR ');
}

/** websearch_to_tsquery never raises; quotes are still stripped so a word cannot end a phrase. */
export function websearchQuery(phrases: readonly string[][], mode: 'all' | 'any'): string {
  const quoted = phrases.map((words) => `"${words.join(' ').replace(/["-]/g, ' ')}"`);
  return quoted.join(mode === 'all' ? ' ' : ' or ');
}

/**
 * Full-text search over the SOP index, one interface for SQLite FTS5 (bm25) and PostgreSQL (ts_rank):
 * ranked search, snippets, and the document frequencies suggestions use to choose their words.
 */
export function createSopSearch(db: Kysely<Database>, dialect: Dialect, count: () => Promise<number>) {
  return {
    /**
     * How many SOPs contain each phrase (same tokenizer and stemming as search), and how many SOPs
     * there are: suggestions and search use it to leave out words found nearly everywhere.
     * SQLite counts exactly (walking a posting list without ranking it is cheap). PostgreSQL
     * estimates from the planner's statistics on the search vector (an exact count there visits
     * every matching row); a lexeme not among the most common is counted at the least frequency
     * listed, an upper bound. Without statistics yet it counts exactly.
     */
    async documentFrequencies(phrases: readonly string[][]): Promise<{ total: number; counts: number[] }> {
      if (dialect === 'postgres' && phrases.length > 0) {
        const estimated = await estimatePostgres(db, phrases);
        if (estimated !== null) return estimated;
      }
      const total = await count();
      if (phrases.length === 0) return { total, counts: [] };
      const counts = sql.join(
        phrases.map((phrase, i) =>
          dialect === 'sqlite'
            ? sql`select ${i} as i, (select count(*) from sop_fts where sop_fts match ${fts5Query([phrase], 'all')}) as n`
            : sql`select ${i} as i, (select count(*) from sops where search_vector @@ websearch_to_tsquery('english', ${websearchQuery([phrase], 'all')})) as n`,
        ),
        sql` union all `,
      );
      const { rows } = await sql<{ i: number; n: number }>`${counts}`.execute(db);
      const byIndex = new Map(rows.map((r) => [Number(r.i), Number(r.n)]));
      return { total, counts: phrases.map((_, i) => byIndex.get(i) ?? 0) };
    },

    /** After a reindex: PostgreSQL's statistics (read by documentFrequencies) catch up now, not at autovacuum's leisure. */
    async refreshStatistics(): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`analyze sops`.execute(db);
      statisticsCache.delete(db);
    },

    /** Snippets of these SOPs for a query (highlighted like `search`'s); those that do not match are left out. */
    async snippetsFor(ids: readonly string[], phrases: readonly string[][]): Promise<Map<string, string>> {
      if (ids.length === 0 || phrases.length === 0) return new Map();
      const { rows } =
        dialect === 'sqlite'
          ? await sql<{ id: string; snippet: string }>`
              select sop_id as id, snippet(sop_fts, 3, char(2), char(3), '…', 20) as snippet
              from sop_fts where sop_fts match ${fts5Query(phrases, 'any')} and sop_id in (${sql.join([...ids])})`.execute(
              db,
            )
          : await sql<{ id: string; snippet: string }>`
              with q as (select websearch_to_tsquery('english', ${websearchQuery(phrases, 'any')}) as q)
              select s.id, ts_headline('english', s.plain_text, q.q, ${HEADLINE_OPTIONS}) as snippet
              from sops s cross join q where s.id in (${sql.join([...ids])})`.execute(db);
      return new Map(rows.map((r) => [r.id, r.snippet]));
    },

    async search(query: SopTextQuery): Promise<SopSearchRow[]> {
      if (query.phrases.length === 0 || query.limit <= 0 || query.ids?.length === 0) return [];
      return dialect === 'sqlite' ? searchSqlite(db, query) : searchPostgres(db, query);
    },
  };
}

/** What PostgreSQL's planner knows of the search vector: lexeme frequencies and the row count. */
interface VectorStatistics {
  at: number;
  rows: number;
  frequencies: Map<string, number>;
  /** The least frequency listed: every lexeme not listed is at most this frequent. */
  floor: number;
}
/** Reading pg_stats costs milliseconds (a view with privilege checks); it changes at ANALYZE. */
const STATISTICS_TTL_MS = 5 * 60_000;
const statisticsCache = new WeakMap<object, VectorStatistics>();

async function vectorStatistics(db: Kysely<Database>): Promise<VectorStatistics | null> {
  const cached = statisticsCache.get(db);
  if (cached !== undefined && Date.now() - cached.at < STATISTICS_TTL_MS) return cached;
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null; rows: number }>`
    select s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs,
      c.reltuples as rows
    from pg_stats s
    join pg_class c on c.relname = s.tablename
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = s.schemaname
    where s.schemaname = current_schema() and s.tablename = 'sops' and s.attname = 'search_vector'`.execute(
    db,
  );
  const row = rows[0];
  if (row === undefined || Number(row.rows) < 0) return null;
  const elems = row.elems ?? [];
  const freqs = (row.freqs ?? []).map(Number);
  const statistics: VectorStatistics = {
    at: Date.now(),
    rows: Number(row.rows),
    frequencies: new Map(elems.map((lexeme, i) => [lexeme, freqs[i] ?? 0])),
    // After the per-lexeme frequencies come the least and the greatest of them.
    floor: freqs[elems.length] ?? 0,
  };
  statisticsCache.set(db, statistics);
  return statistics;
}

/**
 * Document frequencies estimated from the planner's statistics: a phrase is as frequent as its
 * rarest lexeme; a phrase with no lexeme (only stop words) matches nothing. Stemming is
 * PostgreSQL's own (to_tsvector), so the lexemes are the ones the index holds.
 */
async function estimatePostgres(
  db: Kysely<Database>,
  phrases: readonly string[][],
): Promise<{ total: number; counts: number[] } | null> {
  const statistics = await vectorStatistics(db);
  if (statistics === null) return null;
  const { rows } = await sql<{ i: number; lexemes: string[] }>`
    select t.ord - 1 as i, tsvector_to_array(to_tsvector('english', t.phrase)) as lexemes
    from unnest(${phrases.map((p) => p.join(' '))}::text[]) with ordinality as t(phrase, ord)`.execute(db);
  const lexemesOf = new Map(rows.map((r) => [Number(r.i), r.lexemes]));
  const total = Math.round(statistics.rows);
  const counts = phrases.map((_, i) => {
    const lexemes = lexemesOf.get(i) ?? [];
    if (lexemes.length === 0) return 0;
    const share = Math.min(...lexemes.map((l) => statistics.frequencies.get(l) ?? statistics.floor));
    return Math.max(1, Math.round(share * total));
  });
  return { total, counts };
}

async function searchSqlite(db: Kysely<Database>, q: SopTextQuery): Promise<SopSearchRow[]> {
  const only = q.ids === undefined ? sql`` : sql`and sop_id in (${sql.join([...q.ids])})`;
  const match = fts5Query(q.phrases, q.mode);
  // Rank first, then join and cut snippets for the page only: SQLite evaluates every selected
  // column before sorting, and snippet() over thousands of matches dominated the time.
  // FTS5 sorts `order by rank` internally (rowid and score only); column weights: sop_id
  // (unindexed), title, tags, body.
  // snippet() needs the MATCH again; without snippets the rows are read by rowid alone.
  const wanted = q.snippets !== false;
  const snippet = wanted ? sql`snippet(sop_fts, 3, char(2), char(3), '…', 20)` : sql`''`;
  const rematch = wanted ? sql`where sop_fts match ${match}` : sql``;
  const { rows } = await sql<SummaryRow & { score: number; snippet: string }>`
    with top as (
      select rowid as r, rank from sop_fts
      where sop_fts match ${match} and rank match 'bm25(0, 10.0, 4.0, 1.0)' ${only}
      order by rank limit ${q.limit})
    select s.id, s.path, s.content_hash, s.title, s.tags, s.applies_to, s.owner, s.version,
      s.review_interval_days, s.last_verified, -top.rank as score, ${snippet} as snippet
    from top join sop_fts f on f.rowid = top.r join sops s on s.id = f.sop_id
    ${rematch}
    order by top.rank, s.id`.execute(db);
  return rows.map((r) => ({ ...fromRow(r), score: Number(r.score), snippet: r.snippet }));
}

const HEADLINE_OPTIONS = `StartSel="\u0002", StopSel="\u0003", MaxWords=30, MinWords=12, MaxFragments=1`;

async function searchPostgres(db: Kysely<Database>, q: SopTextQuery): Promise<SopSearchRow[]> {
  const only = q.ids === undefined ? sql`` : sql`and id in (${sql.join([...q.ids])})`;
  const snippet =
    q.snippets === false ? sql`''` : sql`ts_headline('english', s.plain_text, q.q, ${HEADLINE_OPTIONS})`;
  // Rank every match through the GIN index, headline only the page returned (ts_headline is slow).
  const { rows } = await sql<SummaryRow & { score: number; snippet: string }>`
    with q as (select websearch_to_tsquery('english', ${websearchQuery(q.phrases, q.mode)}) as q),
    top as (
      select id, ts_rank(search_vector, q.q) as score from sops, q
      where search_vector @@ q.q ${only}
      order by score desc, id limit ${q.limit})
    select s.id, s.path, s.content_hash, s.title, s.tags, s.applies_to, s.owner, s.version,
      s.review_interval_days, s.last_verified, top.score,
      ${snippet} as snippet
    from top join sops s on s.id = top.id cross join q
    order by top.score desc, s.id`.execute(db);
  return rows.map((r) => ({ ...fromRow(r), score: Number(r.score), snippet: r.snippet }));
}
