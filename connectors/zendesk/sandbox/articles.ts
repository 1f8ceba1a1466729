import { BASE_TIME, IDS } from './people.js';

/**
 * The sandbox's Help Center: a few realistic Guide articles (published ones, a draft, an archived
 * one, one with the kind of embed and script a real help center carries), served by the
 * incremental article export in small pages so the demo and the tests page through it.
 */
export const ARTICLE_BASE_ID = 360_100_000_000;
/** Zendesk's pages hold up to 1000 articles; the sandbox's hold 3, so paging is always exercised. */
export const ARTICLES_PAGE_SIZE = 3;
const HC = 'https://casebridge-sandbox.zendesk.com/hc/en-us/articles';
const DAY = 86_400;

interface SeedArticle {
  title: string;
  body: string;
  labels: string[];
  /** Author: an agent index (1–9), or null (no author), or a user Zendesk no longer has. */
  author: number | null;
  /** Days after BASE_TIME (300 days ago) of the last edit. */
  editedDay: number;
  draft?: boolean;
  archived?: boolean;
}

const SEED: SeedArticle[] = [
  {
    title: "Update a customer's payment card",
    labels: ['billing', 'payments'],
    author: 1,
    editedDay: 290,
    body: `<p>Use this when a customer's card expired or was replaced and the next invoice would fail.</p>
<h2>Steps</h2>
<ol>
<li>Send the secure <strong>update card</strong> link from the billing console; never take card details in a ticket.</li>
<li>Once the customer confirms, retry the failed invoice from <em>Billing &rsaquo; Invoices</em>.</li>
<li>If the invoice is older than the <a href="/hc/en-us/articles/360100000006">returns window</a>, ask a team lead before waiving fees.</li>
</ol>
<p>Only ever quote the last four digits of a card.</p>`,
  },
  {
    title: 'Unlock an account after too many sign-in attempts',
    labels: ['account', 'lockout', 'security'],
    author: 2,
    editedDay: 120,
    body: `<p>Accounts lock for 30 minutes after five failed sign-ins.</p>
<ol>
<li>Verify the requester owns the account (email on file <em>and</em> last invoice amount).</li>
<li>In Admin &rsaquo; Users, choose <strong>Unlock</strong>.</li>
<li>Send the password reset link; never set a password for the customer.</li>
</ol>`,
  },
  {
    title: 'Handle a data deletion request',
    labels: ['gdpr', 'privacy', 'deletion'],
    author: 3,
    editedDay: 260,
    body: `<p>Customers may ask us to erase their personal data (GDPR Art. 17).</p>
<ul>
<li><input type="checkbox"> Confirm the identity of the requester</li>
<li><input type="checkbox"> Check for open invoices or legal holds</li>
<li><input type="checkbox"> File the deletion in the privacy tool within 72 hours</li>
</ul>
<blockquote>Deletion cannot be undone. Tell the customer what will be removed.</blockquote>`,
  },
  {
    title: 'Escalate a suspected bug to engineering',
    labels: ['escalation', 'engineering'],
    author: null,
    editedDay: 60,
    body: `<p>Before escalating, reproduce the problem and collect:</p>
<ul><li>steps to reproduce</li><li>the request id from the <code>X-Request-Id</code> header</li><li>account and plan</li></ul>
<pre><code>curl -i https://api.example.com/v1/status</code></pre>
<p>Then open a ticket in the <a href="https://tracker.example.com/new?team=support">engineering tracker</a> and link it.</p>`,
  },
  {
    title: 'Shipping delays: what to tell the customer',
    labels: ['shipping', 'delay'],
    author: 999,
    editedDay: 285,
    body: `<div class="video"><iframe src="https://player.example.com/embed/42"></iframe></div>
<script>window.trackArticle && window.trackArticle('shipping');</script>
<p>Check the carrier status first. If the parcel has not moved for 5 days, offer a replacement or a refund.</p>
<p>Track it on the <a href="javascript:openTracker()">tracker widget</a> or the <a href="https://track.example.com">carrier site</a>.</p>`,
  },
  {
    title: 'Returns window: what customers can send back',
    labels: ['returns', 'policy'],
    author: 1,
    editedDay: 200,
    body: `<p>Unused items can be sent back within 30 days of delivery. After that, only with a team lead's approval.</p>`,
  },
  {
    title: 'Draft: new returns process for marketplace orders',
    labels: ['returns'],
    author: 4,
    editedDay: 295,
    draft: true,
    body: '<p>Work in progress.</p>',
  },
  {
    title: 'Old fax support procedure',
    labels: ['fax'],
    author: 5,
    editedDay: 10,
    archived: true,
    body: '<p>We no longer accept faxes.</p>',
  },
];

export interface ArticleChange {
  title?: string;
  body?: string;
  labels?: string[];
  draft?: boolean;
}

/** One article's current state; `time` is its updated_at in Unix seconds. */
interface ArticleState {
  article: Record<string, unknown>;
  time: number;
  archived: boolean;
}

function stamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000', '');
}

function seedArticle(seed: SeedArticle, index: number): ArticleState {
  const id = ARTICLE_BASE_ID + index + 1;
  const time = BASE_TIME + seed.editedDay * DAY + index * 60;
  const created = BASE_TIME - 200 * DAY + index * DAY;
  return {
    time,
    archived: seed.archived === true,
    article: {
      id,
      url: `https://casebridge-sandbox.zendesk.com/api/v2/help_center/en-us/articles/${id}.json`,
      html_url: `${HC}/${id}-${seed.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, '')}`,
      author_id: seed.author === null ? null : IDS.user + seed.author,
      comments_disabled: false,
      draft: seed.draft === true,
      promoted: false,
      position: 0,
      vote_sum: 0,
      vote_count: 0,
      section_id: 360_200_000_001,
      created_at: stamp(created),
      updated_at: stamp(time),
      edited_at: stamp(time),
      name: seed.title,
      title: seed.title,
      source_locale: 'en-us',
      locale: 'en-us',
      outdated: false,
      outdated_locales: [],
      label_names: seed.labels,
      body: seed.body,
    },
  };
}

export class SandboxArticles {
  private readonly states = SEED.map(seedArticle);

  /**
   * Articles updated at or after `startTime`, oldest first; archived ones are not exported (Zendesk
   * lists only articles that exist). `end_time` is the last article's second.
   */
  exportPage(startTime: number, limit = ARTICLES_PAGE_SIZE) {
    const all = this.states
      .filter((s) => !s.archived && s.time >= startTime)
      .sort((a, b) => a.time - b.time || Number(a.article.id) - Number(b.article.id));
    const page = all.slice(0, limit);
    return {
      items: page.map((s) => structuredClone(s.article)),
      endTime: page.at(-1)?.time ?? startTime,
      endOfStream: all.length <= limit,
    };
  }

  /** Ids of every seeded article (archived and drafts included), for tests. */
  ids(): number[] {
    return this.states.map((s) => Number(s.article.id));
  }

  get(id: number): Record<string, unknown> | null {
    const state = this.find(id);
    return state === undefined ? null : structuredClone(state.article);
  }

  /** An edit in Guide: the article moves to the end of the export. */
  edit(id: number, change: ArticleChange, now = Math.floor(Date.now() / 1000)): boolean {
    const state = this.find(id);
    if (state === undefined) return false;
    const time = this.nextTime(now);
    const article = state.article;
    if (change.title !== undefined) article.title = change.title;
    if (change.body !== undefined) article.body = change.body;
    if (change.labels !== undefined) article.label_names = change.labels;
    if (change.draft !== undefined) article.draft = change.draft;
    article.updated_at = stamp(time);
    article.edited_at = stamp(time);
    state.time = time;
    return true;
  }

  /** Archiving removes the article from the help center and from the export. */
  archive(id: number, now = Math.floor(Date.now() / 1000)): boolean {
    const state = this.find(id);
    if (state === undefined) return false;
    state.archived = true;
    state.time = this.nextTime(now);
    return true;
  }

  private find(id: number): ArticleState | undefined {
    return this.states.find((s) => Number(s.article.id) === id);
  }

  /** Changes land at least a minute in the past of the next export and never before earlier ones. */
  private nextTime(now: number): number {
    return Math.max(now - 120, ...this.states.map((s) => s.time + 1));
  }
}
