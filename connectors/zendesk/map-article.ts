import { z } from 'zod';
import { type KnowledgeArticle, toUtcTimestamp } from '../../shared/domain/index.js';
import type { QuarantineEntry } from '../../shared/sync/index.js';
import type { ZendeskKnowledge } from './config.js';
import { quarantine } from './map.js';

/**
 * A Help Center article as the incremental article export returns it.
 * https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/#json-format
 */
export const RawArticle = z.looseObject({
  id: z.number().int().positive(),
  title: z.string().nullable(),
  body: z.string().nullable(),
  /** True when the article's translation in this locale is a draft (unpublished). */
  draft: z.boolean(),
  author_id: z.number().int().nullable(),
  label_names: z.array(z.string()).nullable().default([]),
  html_url: z.string().url(),
  updated_at: z.string().refine((s) => toUtcTimestamp(s) !== null, 'expected a timestamp'),
  /** The last edit of the article's content (updated_at also moves on votes and other metadata). */
  edited_at: z.string().nullable().optional(),
});
export type RawArticle = z.infer<typeof RawArticle>;

/** What one page of articles becomes: SOPs to write, articles to remove, records refused. */
export interface ArticlePage {
  upserts: KnowledgeArticle[];
  removes: string[];
  quarantined: QuarantineEntry[];
}

/**
 * Published articles become SOPs; drafts (unpublished, or never published) are removed if they
 * were imported before. The owner is the author's email when Zendesk has one, else the
 * connection's default owner.
 */
export function mapArticles(
  items: readonly unknown[],
  emails: ReadonlyMap<number, string>,
  settings: ZendeskKnowledge,
): ArticlePage {
  const page: ArticlePage = { upserts: [], removes: [], quarantined: [] };
  for (const item of items) {
    const parsed = RawArticle.safeParse(item);
    if (!parsed.success) {
      page.quarantined.push(quarantine(item, parsed.error));
      continue;
    }
    const article = parsed.data;
    if (article.draft) {
      page.removes.push(String(article.id));
      continue;
    }
    const title = article.title?.trim() ?? '';
    if (title === '') {
      page.quarantined.push({
        externalId: String(article.id),
        reason: 'the article has no title',
        raw: item,
      });
      continue;
    }
    const edited =
      toUtcTimestamp(article.edited_at ?? article.updated_at) ??
      (toUtcTimestamp(article.updated_at) as string);
    page.upserts.push({
      externalId: String(article.id),
      title,
      html: article.body ?? '',
      tags: article.label_names ?? [],
      owner:
        (article.author_id === null ? undefined : emails.get(article.author_id)) ?? settings.defaultOwner,
      // Guide keeps no version number: the last edit names the version.
      version: edited,
      updatedAt: edited,
      url: article.html_url,
      reviewIntervalDays: settings.reviewIntervalDays,
    });
  }
  return page;
}

/** Author ids of the published articles of a page (drafts need no owner). */
export function authorIds(items: readonly unknown[]): number[] {
  const ids = new Set<number>();
  for (const item of items) {
    const parsed = RawArticle.safeParse(item);
    if (parsed.success && !parsed.data.draft && parsed.data.author_id !== null)
      ids.add(parsed.data.author_id);
  }
  return [...ids];
}
