import type { Kysely, Selectable } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database, QaScorecardVersionsTable } from '../schema.js';

/** One scorecard version as reviews reference it; `definition` is the validated YAML content. */
export interface QaScorecardVersion {
  versionId: string;
  scorecardId: string;
  version: string;
  name: string;
  file: string;
  definition: unknown;
  firstSeenAt: string;
}

function fromRow(r: Selectable<QaScorecardVersionsTable>): QaScorecardVersion {
  return {
    versionId: r.version_id,
    scorecardId: r.scorecard_id,
    version: r.version,
    name: r.name,
    file: r.file,
    definition: readJson(r.definition),
    firstSeenAt: r.first_seen_at,
  };
}

/** Every scorecard version ever loaded: never updated or deleted, so old reviews keep theirs. */
export function createQaScorecardsRepository(db: Kysely<Database>, codec: Codec) {
  return {
    /** Records a version the first time it is seen; seeing it again changes nothing. */
    async register(v: QaScorecardVersion): Promise<void> {
      await db
        .insertInto('qa_scorecard_versions')
        .values({
          version_id: v.versionId,
          scorecard_id: v.scorecardId,
          version: v.version,
          name: v.name,
          file: v.file,
          definition: codec.json(v.definition),
          first_seen_at: v.firstSeenAt,
        })
        .onConflict((oc) => oc.column('version_id').doNothing())
        .execute();
    },

    async get(versionId: string): Promise<QaScorecardVersion | null> {
      const row = await db
        .selectFrom('qa_scorecard_versions')
        .selectAll()
        .where('version_id', '=', versionId)
        .executeTakeFirst();
      return row === undefined ? null : fromRow(row);
    },

    async getMany(versionIds: readonly string[]): Promise<QaScorecardVersion[]> {
      if (versionIds.length === 0) return [];
      const rows = await db
        .selectFrom('qa_scorecard_versions')
        .selectAll()
        .where('version_id', 'in', [...versionIds])
        .execute();
      return rows.map(fromRow);
    },
  };
}
export type QaScorecardsRepository = ReturnType<typeof createQaScorecardsRepository>;
