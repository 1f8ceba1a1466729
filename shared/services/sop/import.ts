import { z } from 'zod';
import { KnowledgeArticle, type KnowledgeArticleBatch } from '../../domain/index.js';
import { maskCardNumbers } from '../../privacy/card-numbers.js';
import type { Repositories, Store } from '../../store/index.js';
import { htmlToMarkdown } from './html.js';
import { markdownToPlainText } from './markdown.js';
import { indexEntry } from './reindex.js';
import { hashOf, MAX_SOP_BYTES, type SopDocument } from './source.js';
import { forgetWordFrequencies } from './word-frequency.js';

/**
 * Knowledge articles imported from a CRM (Zendesk Guide, Salesforce Knowledge) become SOPs beside
 * the folder's files: searched, suggested, rendered and verified the same way. Each is marked as
 * imported from its connection, so a folder reindex never removes it and an import never removes
 * (or overwrites) a file's SOP.
 */

/** The SOP id of an article: `<connection>-<collection>-<article id>`, lower case, SOP-id characters only. */
export function knowledgeSopId(source: string, collection: string, externalId: string): string {
  return `${source}-${collection}-${externalId}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** The article as the SOP library holds one: Markdown made from its HTML, card numbers masked. */
export function articleToSop(article: KnowledgeArticle, source: string, collection: string): SopDocument {
  const body = capped(maskCardNumbers(htmlToMarkdown(article.html, { baseUrl: article.url })), article.url);
  return {
    id: knowledgeSopId(source, collection, article.externalId),
    title: maskCardNumbers(article.title).slice(0, 200),
    tags: [...new Set(article.tags.map((t) => t.trim()).filter((t) => t !== ''))],
    appliesTo: [],
    owner: article.owner,
    version: article.version,
    reviewIntervalDays: article.reviewIntervalDays,
    // An edit in the CRM counts as a review: whoever changed the article looked at it. A later
    // verification in casebridge still wins (indexEntry keeps the newer of the two).
    lastVerified: article.updatedAt,
    path: article.url,
    hash: hashOf(`${article.version}\n${article.updatedAt}\n${article.title}\n${body}`),
    body,
    plainText: markdownToPlainText(body),
  };
}

/** An article longer than an SOP file may be is cut at a paragraph, with where to read the rest. */
function capped(markdown: string, url: string): string {
  if (Buffer.byteLength(markdown) <= MAX_SOP_BYTES) return markdown;
  const note = `\n\n*The article continues in the CRM:* <${url}>`;
  let cut = Buffer.from(markdown)
    .subarray(0, MAX_SOP_BYTES - Buffer.byteLength(note))
    .toString('utf8');
  cut = cut.replace(/\uFFFD$/, '');
  const paragraph = cut.lastIndexOf('\n\n');
  return `${paragraph > 0 ? cut.slice(0, paragraph) : cut}${note}`;
}

export interface KnowledgeImportResult {
  upserted: number;
  removed: number;
  /** Articles not imported, with why (an SOP file holds the id, or the article is malformed). */
  refused: { externalId: string | null; reason: string; raw: unknown }[];
  /** True when the index changed (the caller refreshes statistics after the run). */
  changed: boolean;
}

/**
 * Writes one page's articles through repositories bound to the page's transaction: upserts,
 * removals of unpublished articles, and (after a sweep) removal of every SOP imported from this
 * connection whose article the CRM no longer has. Only SOPs imported from `source` are removed.
 */
export async function applyKnowledgeBatch(
  tx: Repositories,
  source: string,
  batch: KnowledgeArticleBatch,
  at: string,
): Promise<KnowledgeImportResult> {
  const result: KnowledgeImportResult = { upserted: 0, removed: 0, refused: [], changed: false };
  const docs: { doc: SopDocument; externalId: string }[] = [];
  for (const raw of batch.upserts) {
    const parsed = KnowledgeArticle.safeParse(raw);
    if (parsed.success)
      docs.push({
        doc: articleToSop(parsed.data, source, batch.collection),
        externalId: parsed.data.externalId,
      });
    else
      result.refused.push({
        externalId: typeof raw?.externalId === 'string' ? raw.externalId : null,
        reason: `knowledge article: ${z.prettifyError(parsed.error).slice(0, 300)}`,
        raw,
      });
  }
  const origins = await tx.sops.origins(docs.map((d) => d.doc.id));
  const verified = docs.length === 0 ? new Map<string, string>() : await tx.sops.latestVerifications();
  for (const { doc, externalId } of docs) {
    const origin = origins.get(doc.id);
    if (origin?.kind === 'file') {
      result.refused.push({
        externalId,
        reason: `knowledge article ${externalId}: the SOP id ${doc.id} belongs to an SOP file; rename that file's id to import the article`,
        raw: { id: doc.id, title: doc.title, url: doc.path },
      });
      continue;
    }
    await tx.sops.put(indexEntry(doc, verified.get(doc.id) ?? null), at, {
      kind: 'import',
      source,
      externalId,
    });
    result.upserted++;
  }
  result.removed = await removeUnpublished(tx, source, batch, new Set(docs.map((d) => d.externalId)));
  result.changed = result.upserted + result.removed > 0;
  return result;
}

/** Removes this connection's SOPs whose articles are gone; an article upserted in the same page stays. */
async function removeUnpublished(
  tx: Repositories,
  source: string,
  batch: KnowledgeArticleBatch,
  upserted: ReadonlySet<string>,
): Promise<number> {
  if (batch.removes.length === 0 && batch.presentOnly === undefined) return 0;
  const gone = new Set(batch.removes);
  const present = batch.presentOnly === undefined ? null : new Set(batch.presentOnly);
  const stale = (await tx.sops.importedFrom(source)).filter(
    (sop) =>
      !upserted.has(sop.externalId) &&
      (gone.has(sop.externalId) || (present !== null && !present.has(sop.externalId))),
  );
  await tx.sops.remove(stale.map((sop) => sop.id));
  return stale.length;
}

/** After a run changed imported SOPs: statistics and remembered word counts catch up now. */
export async function refreshAfterKnowledgeImport(store: Store): Promise<void> {
  await store.sops.refreshStatistics();
  forgetWordFrequencies(store);
}
