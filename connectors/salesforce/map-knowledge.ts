import { z } from 'zod';
import { type KnowledgeArticle, toUtcTimestamp } from '../../shared/domain/index.js';
import type { SalesforceConnection, SalesforceKnowledge } from './config.js';

/**
 * Knowledge article versions (Knowledge__kav, or <ArticleType>__kav in Classic). The body lives in
 * custom rich text fields named in the config; those are read from the record as it came.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_knowledgearticleversion.htm
 */
export const RawArticleVersion = z.object({
  Id: z.string().min(15),
  KnowledgeArticleId: z.string().min(15),
  Title: z.string().nullable(),
  Summary: z.string().nullable(),
  VersionNumber: z.union([z.number(), z.string()]).nullable(),
  LastModifiedDate: z.string().nullable(),
  SystemModstamp: z.string(),
  CreatedBy: z.object({ Email: z.string().nullable() }).nullable(),
});
export type RawArticleVersion = z.infer<typeof RawArticleVersion>;

export const ARTICLE_VERSION_FIELDS = [
  'Id',
  'KnowledgeArticleId',
  'Title',
  'Summary',
  'VersionNumber',
  'LastModifiedDate',
  'SystemModstamp',
  'CreatedBy.Email',
];

/** An archived version: only which article it belongs to matters. */
export const RawArchivedVersion = z.object({
  Id: z.string().min(15),
  KnowledgeArticleId: z.string().min(15),
  SystemModstamp: z.string(),
});
export type RawArchivedVersion = z.infer<typeof RawArchivedVersion>;

/** `Knowledge__kav` → `Knowledge__DataCategorySelection`: the object holding its data categories. */
export function categorySelectionObject(articleObject: string): string {
  return articleObject.replace(/__kav$/, '__DataCategorySelection');
}

export const RawCategorySelection = z.object({
  ParentId: z.string(),
  DataCategoryGroupName: z.string().nullable(),
  DataCategoryName: z.string().nullable(),
});

function splitTags(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(/[;,]/)
        .map((t) => t.trim())
        .filter((t) => t !== '')
    : [];
}

/**
 * An online version as the SOP library takes it, or why it cannot be one. The author is the
 * version's creator; without an email there, the configured default owner.
 */
export function mapArticleVersion(
  raw: RawArticleVersion,
  record: Record<string, unknown>,
  connection: SalesforceConnection,
  settings: SalesforceKnowledge,
): (Omit<KnowledgeArticle, 'tags'> & { extraTags: string[] }) | string {
  const title = raw.Title?.trim() ?? '';
  if (title === '') return 'the article has no Title';
  const updatedAt = toUtcTimestamp(raw.LastModifiedDate ?? raw.SystemModstamp);
  if (updatedAt === null)
    return `LastModifiedDate is not a timestamp: ${JSON.stringify(raw.LastModifiedDate)}`;
  const summary = raw.Summary?.trim() ? `<p>${escapeText(raw.Summary.trim())}</p>` : '';
  const body = settings.bodyFields
    .map((field) => (typeof record[field] === 'string' ? record[field] : ''))
    .join('\n');
  return {
    externalId: raw.KnowledgeArticleId,
    title,
    html: `${summary}${body}`,
    extraTags: settings.tagsField === undefined ? [] : splitTags(record[settings.tagsField]),
    owner: raw.CreatedBy?.Email?.trim() || settings.defaultOwner,
    version: raw.VersionNumber === null ? updatedAt : String(raw.VersionNumber),
    updatedAt,
    url: `${connection.instanceUrl.replace(/\/+$/, '')}/lightning/r/${settings.object}/${raw.Id}/view`,
    reviewIntervalDays: settings.reviewIntervalDays,
  };
}

/** The summary is plain text in Salesforce: it must not become markup on its way through HTML. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
