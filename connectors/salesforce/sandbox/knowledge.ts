import { type SandboxObject, sfDateTime, sfId } from './ids.js';
import type { SfRecord, Table } from './seed.js';

/**
 * The sandbox org's Lightning Knowledge: article versions (Knowledge__kav) with a rich text body in
 * Answer__c, and their data categories (Knowledge__DataCategorySelection). Online, draft and
 * archived versions, one article whose earlier version was archived by a newer one, and one
 * article archived outright.
 */

/**
 * Salesforce does not guarantee the batch size, and returns fewer rows when they carry large rich
 * text; the sandbox answers article queries 3 rows at a time so paging is always exercised.
 */
export const KNOWLEDGE_PAGE_SIZE = 3;
export const KNOWLEDGE_BODY_FIELD = 'Answer__c';

const DAY = 86_400_000;

interface SeedVersion {
  /** Index of the article (KnowledgeArticle) this version belongs to. */
  article: number;
  status: 'Online' | 'Draft' | 'Archived';
  latest: boolean;
  version: number;
  title: string;
  summary: string | null;
  answer: string;
  /** Days before the anchor of its last modification. */
  daysAgo: number;
  /** Agent index of its creator (sandbox Users), or null. */
  author: number | null;
  categories: string[];
}

const WRITTEN: SeedVersion[] = [
  {
    article: 0,
    status: 'Online',
    latest: true,
    version: 3,
    title: 'Duplicate charge on one order',
    summary: 'When a customer was charged twice for one order.',
    answer: `<p>Confirm both charges in the payment console, then reverse the <b>later</b> one.</p>
<ol><li>Find both transactions by order number.</li><li>Reverse the duplicate in full.</li><li>Reply with the reversal reference and the 5&ndash;10 day timeline.</li></ol>`,
    daysAgo: 12,
    author: 0,
    categories: ['Billing', 'Payments'],
  },
  {
    article: 0,
    status: 'Archived',
    latest: false,
    version: 2,
    title: 'Duplicate charge on one order (old)',
    summary: null,
    answer: '<p>Superseded by version 3.</p>',
    daysAgo: 40,
    author: 0,
    categories: ['Billing'],
  },
  {
    article: 1,
    status: 'Online',
    latest: true,
    version: 1,
    title: 'Reset multi-factor authentication',
    summary: 'A customer lost the phone that held their authenticator.',
    answer: `<p>Verify identity with two of: billing address, last invoice total, account creation date.</p>
<ul><li>Reset MFA from Setup &gt; Users.</li><li>Ask the customer to enrol a new device at next sign-in.</li></ul>`,
    daysAgo: 150,
    author: 1,
    categories: ['Account', 'Security'],
  },
  {
    article: 2,
    status: 'Online',
    latest: true,
    version: 2,
    title: 'Chargeback received: what to do',
    summary: 'The bank reversed a card payment after a dispute.',
    answer: `<p>Collect the order, delivery proof and any customer messages within <strong>7 days</strong>.</p>
<p>Never write full card numbers in the case; use the last four digits only. See the <a href="https://help.example.com/chargebacks">chargeback guide</a>.</p>
<p><a href="javascript:alert(document.cookie)">Open the dispute tool</a></p><script>alert('kb')</script>`,
    daysAgo: 30,
    author: 2,
    categories: ['Billing', 'Disputes'],
  },
  {
    article: 3,
    status: 'Online',
    latest: true,
    version: 1,
    title: 'Communicate during an outage',
    summary: null,
    answer: `<p>Post on the status page first, then use the outage macro for incoming cases.</p>
<ol><li>Link the case to the incident.</li><li>Do not promise a time to fix.</li></ol>`,
    daysAgo: 75,
    author: null,
    categories: ['Incidents'],
  },
  {
    article: 4,
    status: 'Online',
    latest: true,
    version: 4,
    title: 'Process a data deletion request',
    summary: 'Right to erasure requests from customers.',
    answer:
      '<p>Confirm identity, check legal holds, then file the request in the privacy tool within 72 hours.</p>',
    daysAgo: 200,
    author: 3,
    categories: ['Privacy'],
  },
  {
    article: 5,
    status: 'Draft',
    latest: true,
    version: 1,
    title: 'Draft: warranty claims for refurbished devices',
    summary: null,
    answer: '<p>Not reviewed yet.</p>',
    daysAgo: 3,
    author: 4,
    categories: ['Warranty'],
  },
  {
    article: 6,
    status: 'Archived',
    latest: true,
    version: 2,
    title: 'Fax a signed contract',
    summary: null,
    answer: '<p>We no longer accept faxes.</p>',
    daysAgo: 20,
    author: 5,
    categories: [],
  },
];

/** In SystemModstamp order, as the sandbox's tables must be (their Ids follow the same order). */
const VERSIONS = [...WRITTEN].sort((a, b) => b.daysAgo - a.daysAgo);

const attributes = (type: string, id: string, version: string) => ({
  type,
  url: `/services/data/v${version}/sobjects/${type}/${id}`,
});

export function knowledgeTables(anchor: number, apiVersion: string): Record<string, Table> {
  const versionAt = (i: number): SfRecord => {
    const seed = VERSIONS[i] as SeedVersion;
    const Id = sfId('Knowledge__kav', i);
    const stamp = sfDateTime(anchor - seed.daysAgo * DAY - (VERSIONS.length - i) * 60_000);
    return {
      attributes: attributes('Knowledge__kav', Id, apiVersion),
      Id,
      IsDeleted: false,
      KnowledgeArticleId: sfId('KnowledgeArticle', seed.article),
      ArticleNumber: String(1000 + seed.article).padStart(9, '0'),
      PublishStatus: seed.status,
      IsLatestVersion: seed.latest,
      Language: 'en_US',
      VersionNumber: seed.version,
      Title: seed.title,
      UrlName: seed.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      Summary: seed.summary,
      [KNOWLEDGE_BODY_FIELD]: seed.answer,
      CreatedById: seed.author === null ? null : sfId('User', seed.author),
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
    };
  };
  const selections = VERSIONS.flatMap((seed, i) => seed.categories.map((name) => ({ version: i, name })));
  const selectionAt = (k: number): SfRecord => {
    const selection = selections[k] as { version: number; name: string };
    const Id = sfId('Knowledge__DataCategorySelection', k);
    return {
      attributes: attributes('Knowledge__DataCategorySelection', Id, apiVersion),
      Id,
      IsDeleted: false,
      ParentId: sfId('Knowledge__kav', selection.version),
      DataCategoryGroupName: 'Topics',
      DataCategoryName: selection.name,
      SystemModstamp: sfDateTime(anchor - 400 * DAY),
    };
  };
  const table = (object: SandboxObject, count: number, at: (i: number) => SfRecord): Table => ({
    object,
    count,
    at,
  });
  return {
    Knowledge__kav: table('Knowledge__kav', VERSIONS.length, versionAt),
    Knowledge__DataCategorySelection: table(
      'Knowledge__DataCategorySelection',
      selections.length,
      selectionAt,
    ),
  };
}
