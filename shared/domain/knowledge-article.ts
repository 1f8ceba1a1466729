import { z } from 'zod';
import { UtcTimestamp } from './common.js';

/**
 * A published knowledge article (Zendesk Guide, Salesforce Knowledge) as a connector hands it to
 * the SOP library. The body is the CRM's HTML, untrusted: the SOP import turns it into the
 * Markdown subset the renderers understand (`shared/services/sop/html.ts`).
 */
export const KnowledgeArticle = z.strictObject({
  /** The CRM's id of the article (not of one version of it): stable across edits. */
  externalId: z.string().min(1),
  title: z.string().trim().min(1),
  html: z.string(),
  tags: z.array(z.string().min(1)),
  /** The author's email when the CRM says, else the connection's configured default owner. */
  owner: z.string().trim().min(1),
  /** The CRM's version number, or its last update time when it keeps none. */
  version: z.string().min(1),
  /** The article's last update. An edit in the CRM counts as a review of the procedure. */
  updatedAt: UtcTimestamp,
  /** Where people read the article (its help center or record page). */
  url: z.string().min(1),
  reviewIntervalDays: z.number().int().min(1).max(3650),
});
export type KnowledgeArticle = z.infer<typeof KnowledgeArticle>;

/**
 * The knowledge articles of one page of a `knowledge` stream. The runner writes them as SOPs in the
 * page's transaction; only SOPs imported from the same connection are ever removed.
 */
export interface KnowledgeArticleBatch {
  /** Names the collection in SOP ids: `<connection>-<collection>-<article id>`, e.g. `zendesk-guide-360001`. */
  collection: string;
  upserts: KnowledgeArticle[];
  /** Article ids no longer published (drafted, archived, deleted): their SOPs are removed. */
  removes: string[];
  /**
   * Set by a sweep that listed every article the CRM still has: any SOP imported from this
   * connection whose article is not in it is removed (for CRMs whose exports never report archiving).
   */
  presentOnly?: string[];
}
