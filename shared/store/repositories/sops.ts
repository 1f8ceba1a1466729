import { type Kysely, sql } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Dialect } from '../database.js';
import type { Database } from '../schema.js';
import {
  FILE_ORIGIN,
  fromRow,
  type IndexedSop,
  type IndexedSopWithBody,
  originOf,
  type SopOrigin,
  SUMMARY,
} from './sop-rows.js';
import { createSopSearch } from './sop-search.js';

export {
  FILE_ORIGIN,
  type IndexedSop,
  type IndexedSopWithBody,
  type SopOrigin,
} from './sop-rows.js';
export {
  fts5Query,
  type SopSearchRow,
  type SopTextQuery,
  websearchQuery,
} from './sop-search.js';

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

/** What rule matching needs of an SOP: its rules, and its title and tags for a tie-break. */
export interface RuleCandidate {
  id: string;
  title: string;
  tags: string[];
  appliesTo: unknown[];
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

  const count = async (): Promise<number> => {
    const row = await db
      .selectFrom('sops')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    ...createSopSearch(db, dialect, count),

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

    count,

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
  };
}

export type SopsRepository = ReturnType<typeof createSopsRepository>;
