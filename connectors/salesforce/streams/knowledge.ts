import { z } from 'zod';
import { durationMs } from '../../../shared/config/sections/knowledge.js';
import type { KnowledgeArticle } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { defineStream, type Page } from '../../../shared/sync/contract.js';
import type { SalesforceClient } from '../client.js';
import { parseConnection, type SalesforceConnection, type SalesforceKnowledge } from '../config.js';
import {
  ARTICLE_VERSION_FIELDS,
  categorySelectionObject,
  mapArticleVersion,
  RawArchivedVersion,
  RawArticleVersion,
  RawCategorySelection,
} from '../map-knowledge.js';
import { type SoqlFragment, soql, soqlIdentifiers } from '../soql.js';
import { openEnv } from './env.js';
import { ObjectCheckpoint, readObject } from './incremental.js';
import { queryPages } from './query.js';

export const KnowledgeCheckpoint = z.strictObject({
  archived: ObjectCheckpoint.nullable(),
  online: ObjectCheckpoint.nullable(),
  /** When the ids of every online article were last listed (ms). */
  sweptAt: z.number().int().min(0).nullable(),
});
export type KnowledgeCheckpoint = z.infer<typeof KnowledgeCheckpoint>;

export const KNOWLEDGE_COLLECTION = 'knowledge';
/** Ids per data category query: the query travels in the URL, which Salesforce caps at 16 KB. */
const CATEGORY_CHUNK = 200;

function settingsOf(connection: SalesforceConnection, jobHint: string): SalesforceKnowledge {
  if (connection.knowledge !== undefined) return connection.knowledge;
  throw new CasebridgeError(
    'config.knowledge',
    `connection ${connection.id} has no \`knowledge\` settings, so the knowledge stream cannot import`,
    {
      hint: `add \`knowledge: { defaultOwner: <email>, bodyFields: [<rich text field>] }\` to connection ${connection.id}, or remove knowledge from ${jobHint}`,
    },
  );
}

/** Knowledge queries must name one PublishStatus and one Language. */
function versionsWhere(status: 'Online' | 'Archived', settings: SalesforceKnowledge): SoqlFragment {
  return soql`PublishStatus = ${status} AND IsLatestVersion = true AND Language = ${settings.language}`;
}

/**
 * Salesforce Knowledge articles as SOPs, incrementally on SystemModstamp like the other streams:
 * first the versions archived since the last run (their articles' SOPs are removed), then the
 * online (published) latest versions (upserted, tagged with their data categories). Every
 * `sweepEvery`, the ids of all online articles are listed and any imported article not among
 * them is removed (an archived article deleted before a run never shows as archived).
 */
export const knowledgeStream = defineStream<SalesforceConnection, KnowledgeCheckpoint>({
  name: 'knowledge',
  checkpointSchema: KnowledgeCheckpoint,
  async *read(context) {
    // Checked before logging in: a missing setting is a config problem, not a Salesforce one.
    const settings = settingsOf(
      parseConnection(context.connection),
      `the jobs of connection ${context.source}`,
    );
    const env = await openEnv(context);
    let checkpoint: KnowledgeCheckpoint = context.checkpoint ?? {
      archived: null,
      online: null,
      sweptAt: null,
    };
    const knowledge = (upserts: KnowledgeArticle[], removes: string[]) => ({
      collection: KNOWLEDGE_COLLECTION,
      upserts,
      removes,
    });

    const archived = {
      object: settings.object,
      fields: Object.keys(RawArchivedVersion.shape),
      schema: RawArchivedVersion,
      scanAll: false,
      where: versionsWhere('Archived', settings),
      // An object, not the bare id: a string from `map` means "quarantine, for this reason".
      map: (raw: RawArchivedVersion) => ({ articleId: raw.KnowledgeArticleId }),
    };
    for await (const batch of readObject(env, archived, checkpoint.archived)) {
      checkpoint = { ...checkpoint, archived: batch.checkpoint };
      const removes = batch.records.map((r) => r.articleId);
      yield page(checkpoint, knowledge([], removes), batch.quarantined, batch.remaining);
    }

    const online = {
      object: settings.object,
      fields: [
        ...ARTICLE_VERSION_FIELDS,
        ...settings.bodyFields,
        ...(settings.tagsField === undefined ? [] : [settings.tagsField]),
      ],
      schema: RawArticleVersion,
      scanAll: false,
      where: versionsWhere('Online', settings),
      map: (raw: RawArticleVersion, record: Record<string, unknown>) => {
        const mapped = mapArticleVersion(raw, record, env.connection, settings);
        return typeof mapped === 'string' ? mapped : { versionId: raw.Id, mapped };
      },
    };
    for await (const batch of readObject(env, online, checkpoint.online)) {
      const categories = settings.dataCategories
        ? await dataCategories(
            env.client,
            settings,
            batch.records.map((r) => r.versionId),
          )
        : new Map<string, string[]>();
      const upserts = batch.records.map(({ versionId, mapped: { extraTags, ...article } }) => ({
        ...article,
        tags: [...(categories.get(versionId) ?? []), ...extraTags],
      }));
      checkpoint = { ...checkpoint, online: batch.checkpoint };
      yield page(checkpoint, knowledge(upserts, []), batch.quarantined, batch.remaining);
    }

    const now = context.now().getTime();
    if (checkpoint.sweptAt !== null && now - checkpoint.sweptAt < durationMs(settings.sweepEvery)) return;
    const present = await onlineArticleIds(env.client, env.connection, settings);
    checkpoint = { ...checkpoint, sweptAt: now };
    yield { records: {}, knowledge: { ...knowledge([], []), presentOnly: present }, checkpoint };
  },
});

function page(
  checkpoint: KnowledgeCheckpoint,
  knowledge: NonNullable<Page<KnowledgeCheckpoint>['knowledge']>,
  quarantined: NonNullable<Page<KnowledgeCheckpoint>['quarantined']>,
  remaining: number | undefined,
): Page<KnowledgeCheckpoint> {
  return {
    records: {},
    knowledge,
    quarantined,
    checkpoint,
    ...(remaining === undefined ? {} : { remaining }),
  };
}

/**
 * Version id → its data category names, from the article type's DataCategorySelection object.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_articletype_datacategoryselection.htm
 */
async function dataCategories(
  client: SalesforceClient,
  settings: SalesforceKnowledge,
  versionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byVersion = new Map<string, string[]>();
  const object = categorySelectionObject(settings.object);
  for (let i = 0; i < versionIds.length; i += CATEGORY_CHUNK) {
    const ids = versionIds.slice(i, i + CATEGORY_CHUNK);
    const query = soql`SELECT ${soqlIdentifiers(['ParentId', 'DataCategoryGroupName', 'DataCategoryName'])} FROM ${soqlIdentifiers([object])} WHERE ParentId IN ${ids}`;
    for await (const result of queryPages(client, query, { scanAll: false, batchSize: 2000 })) {
      for (const row of result.records) {
        const parsed = RawCategorySelection.safeParse(row);
        // A selection without a category name tags nothing; the article itself is still imported.
        if (!parsed.success || parsed.data.DataCategoryName === null) continue;
        const list = byVersion.get(parsed.data.ParentId) ?? [];
        list.push(parsed.data.DataCategoryName);
        byVersion.set(parsed.data.ParentId, list);
      }
    }
  }
  return byVersion;
}

/**
 * The ids of every article with an online version: one id column, so few requests even for large
 * bases. No IsLatestVersion filter here: an article is present whenever any version is online, so
 * the listing can never remove an article that is still published.
 */
async function onlineArticleIds(
  client: SalesforceClient,
  connection: SalesforceConnection,
  settings: SalesforceKnowledge,
): Promise<string[]> {
  const query = soql`SELECT ${soqlIdentifiers(['KnowledgeArticleId'])} FROM ${soqlIdentifiers([settings.object])} WHERE PublishStatus = ${'Online'} AND Language = ${settings.language}`;
  const ids = new Set<string>();
  for await (const result of queryPages(client, query, { scanAll: false, batchSize: connection.batchSize })) {
    for (const row of result.records) {
      const id = (row as { KnowledgeArticleId?: unknown } | null)?.KnowledgeArticleId;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}
