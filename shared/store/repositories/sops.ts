import { type Kysely, type Selectable, sql } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Dialect } from '../database.js';
import type { Database, SopsTable } from '../schema.js';

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

export interface SopIndexEntry extends IndexedSopWithBody {
  plainText: string;
  /** Tags and rule keywords, indexed with more weight than the body. */
  searchTags: string;
  /** `tag:x`, `keyword:x` (first word of a keyword) or `any:*` — what suggestions look up. */
  ruleTerms: SopRuleTerm[];
}

export interface SopRuleTerm {
  kind: string;
  term: string;
  /** Keywords: the whole phrase, words joined by one space, checked against the ticket's text. */
  phrase: string | null;
}

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
   * False: the caller shows only some of the rows, so a store whose snippets are costly
   * (PostgreSQL's ts_headline, about half a millisecond a row) returns them empty; `snippetsFor`
   * cuts the ones shown. SQLite's FTS5 snippets are cheap and always come.
   */
  snippets?: boolean;
}

/** What rule matching needs of an SOP: its rules, and its title and tags for a tie-break. */
export interface RuleCandidate {
  id: string;
  title: string;
  tags: string[];
  appliesTo: unknown[];
}

/**
 * Where an indexed SOP comes from: a file of the SOP folder, or a knowledge article imported from a
 * CRM connection (`source`, the connection id; `externalId`, the CRM's article id).
 */
export type SopOrigin = { kind: 'file' } | { kind: 'import'; source: string; externalId: string };

export const FILE_ORIGIN: SopOrigin = { kind: 'file' };

function originOf(r: {
  origin: string;
  origin_source: string | null;
  external_id: string | null;
}): SopOrigin {
  return r.origin === 'import' && r.origin_source !== null && r.external_id !== null
    ? { kind: 'import', source: r.origin_source, externalId: r.external_id }
    : FILE_ORIGIN;
}

/** Higher `score` is better on both stores; the snippet marks matches with \u0002 … \u0003. */
export interface SopSearchRow extends IndexedSop {
  score: number;
  snippet: string;
}

const SUMMARY = [
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
type SummaryRow = Pick<Selectable<SopsTable>, (typeof SUMMARY)[number]>;

function fromRow(r: SummaryRow): IndexedSop {
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

export function createSopsRepository(db: Kysely<Database>, codec: Codec, dialect: Dialect) {
  const summaries = () => db.selectFrom('sops').select([...SUMMARY]);
  const ftsDelete = async (ids: readonly string[]) => {
    if (dialect === 'sqlite' && ids.length > 0)
      await db
        .deleteFrom('sop_fts')
        .where('sop_id', 'in', [...ids])
        .execute();
  };

  return {
    async list(): Promise<IndexedSop[]> {
      return (await summaries().orderBy('id').execute()).map(fromRow);
    },

    async get(id: string): Promise<IndexedSopWithBody | null> {
      const row = await summaries().select('body').where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : { ...fromRow(row), body: row.body };
    },

    async getMany(ids: readonly string[]): Promise<IndexedSop[]> {
      if (ids.length === 0) return [];
      return (
        await summaries()
          .where('id', 'in', [...ids])
          .execute()
      ).map(fromRow);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('sops')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Replaces an SOP's row, its full-text entry and its rule terms; `origin` says where it came from. */
    async put(entry: SopIndexEntry, indexedAt: string, origin: SopOrigin = FILE_ORIGIN): Promise<void> {
      await this.remove([entry.id]);
      await db
        .insertInto('sops')
        .values({
          id: entry.id,
          path: entry.path,
          content_hash: entry.hash,
          title: entry.title,
          tags: codec.json(entry.tags),
          applies_to: codec.json(entry.appliesTo),
          owner: entry.owner,
          version: entry.version,
          review_interval_days: entry.reviewIntervalDays,
          last_verified: entry.lastVerified,
          body: entry.body,
          plain_text: entry.plainText,
          search_tags: entry.searchTags,
          indexed_at: indexedAt,
          origin: origin.kind,
          origin_source: origin.kind === 'import' ? origin.source : null,
          external_id: origin.kind === 'import' ? origin.externalId : null,
        })
        .execute();
      if (dialect === 'sqlite')
        await db
          .insertInto('sop_fts')
          .values({ sop_id: entry.id, title: entry.title, tags: entry.searchTags, body: entry.plainText })
          .execute();
      if (entry.ruleTerms.length > 0)
        await db
          .insertInto('sop_rule_terms')
          .values(entry.ruleTerms.map((t) => ({ sop_id: entry.id, ...t })))
          .execute();
    },

    /** Where each of these SOPs (or every SOP, without ids) comes from; unknown ids are left out. */
    async origins(ids?: readonly string[]): Promise<Map<string, SopOrigin>> {
      if (ids?.length === 0) return new Map();
      let query = db.selectFrom('sops').select(['id', 'origin', 'origin_source', 'external_id']);
      if (ids !== undefined) query = query.where('id', 'in', [...ids]);
      return new Map((await query.execute()).map((r) => [r.id, originOf(r)]));
    },

    /** The SOPs imported from one connection: their ids and the CRM's article ids. */
    async importedFrom(source: string): Promise<{ id: string; externalId: string }[]> {
      const rows = await db
        .selectFrom('sops')
        .select(['id', 'external_id'])
        .where('origin', '=', 'import')
        .where('origin_source', '=', source)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, externalId: r.external_id ?? '' }));
    },

    async remove(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .deleteFrom('sops')
        .where('id', 'in', [...ids])
        .execute();
      await db
        .deleteFrom('sop_rule_terms')
        .where('sop_id', 'in', [...ids])
        .execute();
      await ftsDelete(ids);
    },

    async setLastVerified(id: string, at: string): Promise<void> {
      await db.updateTable('sops').set({ last_verified: at }).where('id', '=', id).execute();
    },

    /**
     * SOPs whose rules mention one of these tags or keyword first-words, or have neither: just
     * what rule matching reads. A common tag can select hundreds; the full rows of the few that
     * rank are read afterwards with getMany.
     */
    async ruleCandidates(
      tags: readonly string[],
      words: readonly string[],
      /** The ticket's words joined by single spaces: keyword phrases must occur in it. */
      text: string,
    ): Promise<RuleCandidate[]> {
      const padded = ` ${text} `;
      const rows = await db
        .selectFrom('sops')
        .select(['id', 'title', 'tags', 'applies_to'])
        .where('id', 'in', (eb) => {
          // A union of index lookups on (term, kind): one OR over the three kinds scans every term.
          const lookup = (kind: string, terms: readonly string[]) =>
            eb
              .selectFrom('sop_rule_terms')
              .select('sop_id')
              .where('kind', '=', kind)
              .where('term', 'in', [...terms]);
          const inText =
            dialect === 'sqlite'
              ? sql<boolean>`instr(${padded}, ' ' || phrase || ' ') > 0`
              : sql<boolean>`strpos(${padded}, ' ' || phrase || ' ') > 0`;
          let union = lookup('any', ['*']);
          if (tags.length > 0) union = union.union(lookup('tag', tags));
          if (words.length > 0)
            union = union.union(
              lookup('keyword', words).where((w) => w.or([w('phrase', 'is', null), inText])),
            );
          return union;
        })
        .execute();
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        tags: readJson<string[]>(r.tags),
        appliesTo: readJson<unknown[]>(r.applies_to),
      }));
    },

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
      const total = await this.count();
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

    async addVerification(v: {
      sopId: string;
      by: string;
      at: string;
      version: string;
      note: string | null;
    }): Promise<void> {
      await db
        .insertInto('sop_verifications')
        .values({ sop_id: v.sopId, verified_by: v.by, verified_at: v.at, version: v.version, note: v.note })
        .execute();
    },

    /** The newest verification per SOP (id → ISO time). */
    async latestVerifications(): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('sop_verifications')
        .select(['sop_id', (eb) => eb.fn.max('verified_at').as('at')])
        .groupBy('sop_id')
        .execute();
      return new Map(rows.map((r) => [r.sop_id, String(r.at)]));
    },

    /** Records that an SOP was used on a ticket; false when it already was (a second click). */
    async addUsage(u: { sopId: string; ticketId: string; by: string; at: string }): Promise<boolean> {
      const result = await db
        .insertInto('sop_usages')
        .values({ sop_id: u.sopId, ticket_id: u.ticketId, used_by: u.by, used_at: u.at })
        .onConflict((oc) => oc.columns(['sop_id', 'ticket_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async usagesForTickets(
      ticketIds: readonly string[],
    ): Promise<{ sopId: string; ticketId: string; usedAt: string }[]> {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('sop_usages')
        .select(['sop_id', 'ticket_id', 'used_at'])
        .where('ticket_id', 'in', [...ticketIds])
        .execute();
      return rows.map((r) => ({ sopId: r.sop_id, ticketId: r.ticket_id, usedAt: r.used_at }));
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
  const { rows } = await sql<SummaryRow & { score: number; snippet: string }>`
    with top as (
      select rowid as r, rank from sop_fts
      where sop_fts match ${match} and rank match 'bm25(0, 10.0, 4.0, 1.0)' ${only}
      order by rank limit ${q.limit})
    select s.id, s.path, s.content_hash, s.title, s.tags, s.applies_to, s.owner, s.version,
      s.review_interval_days, s.last_verified, -top.rank as score,
      snippet(sop_fts, 3, char(2), char(3), '…', 20) as snippet
    from top join sop_fts f on f.rowid = top.r join sops s on s.id = f.sop_id
    where sop_fts match ${match}
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

export type SopsRepository = ReturnType<typeof createSopsRepository>;
