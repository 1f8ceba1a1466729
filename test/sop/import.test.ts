import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceConnector } from '../../connectors/salesforce/index.js';
import {
  type SalesforceSandbox,
  sandboxConnection as salesforceSandboxConnection,
  startSalesforceSandbox,
} from '../../connectors/salesforce/sandbox/index.js';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import {
  ARTICLE_BASE_ID,
  type RunningZendeskSandbox,
  startZendeskSandbox,
  sandboxConnection as zendeskSandboxConnection,
} from '../../connectors/zendesk/sandbox/index.js';
import { sopFileUrl } from '../../shared/config/sections/sop.js';
import {
  reindexSops,
  renderSopForSlack,
  renderSopHtml,
  searchSops,
  staleSops,
  suggestSops,
  verifySop,
} from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { type RunJobOptions, runJob } from '../../shared/sync/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { silentLog } from '../zendesk/helpers.js';
import { sopFolder, sopText } from './corpus.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'sops');
const DAY = 86_400_000;
const zendeskConnector = createZendeskConnector({ minRetryDelayMs: 20 });

/** A connection as `casebridge.yaml` would give it: parsed by the connector's schema (the stream parses it again). */
function parsed(kind: 'zendesk' | 'salesforce', id: string, raw: Record<string, unknown>) {
  const connector = kind === 'zendesk' ? zendeskConnector : salesforceConnector;
  return { id, kind, ...connector.configSchema.parse(raw) };
}

describe.each(await storeKinds())('knowledge articles imported as SOPs on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let zendesk: RunningZendeskSandbox;
  let salesforce: SalesforceSandbox;
  let later = 0;

  const sync = (which: 'zd' | 'sf', now = () => new Date(Date.now() + later)) => {
    const isZendesk = which === 'zd';
    const connection = isZendesk
      ? parsed('zendesk', 'zd', zendeskSandboxConnection(zendesk.url))
      : parsed('salesforce', 'sf', { ...salesforceSandboxConnection(salesforce.url), retryBaseMs: 5 });
    return runJob({
      job: {
        id: `${which}-kb`,
        connection: which,
        streams: ['knowledge'],
        enabled: true,
        startFrom: '2020-01-01',
      },
      connection,
      connector: (isZendesk ? zendeskConnector : salesforceConnector) as RunJobOptions['connector'],
      store,
      log: silentLog,
      now,
    });
  };

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    zendesk = await startZendeskSandbox({
      size: 60,
      faults: { tooManyRequestsEvery: 4, retryAfterSeconds: 1, serverErrorEvery: 5 },
    });
    salesforce = await startSalesforceSandbox({ size: 40 });
    // The SOP folder is indexed first, as `casebridge start` does.
    expect((await reindexSops(store, EXAMPLES)).errors).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await zendesk?.close();
    await salesforce?.close();
    await dispose?.();
  });

  it('syncs both sandboxes through paging and faults, and search finds the articles beside the files', {
    timeout: 60_000,
  }, async () => {
    const zd = await sync('zd');
    expect(zd.error).toBeNull();
    // 6 published articles in pages of 3; the draft and the archived one are not imported.
    expect(zd.streams.knowledge?.upserted).toBe(6);
    expect(
      zendesk.requests.filter((r) => r.path === '/api/v2/help_center/incremental/articles').length,
    ).toBeGreaterThan(3);
    expect(zendesk.requests.some((r) => r.status === 429)).toBe(true);
    const sf = await sync('sf');
    expect(sf.error).toBeNull();
    expect(sf.streams.knowledge?.upserted).toBe(5);

    const card = await searchSops(store, 'payment card');
    expect(card[0]?.sop.id).toBe(`zd-guide-${ARTICLE_BASE_ID + 1}`);
    expect(card[0]?.sop).toMatchObject({
      title: "Update a customer's payment card",
      owner: 'agent1@casebridge-sandbox.example',
      tags: ['billing', 'payments'],
      path: expect.stringMatching(
        /^https:\/\/casebridge-sandbox\.zendesk\.com\/hc\/en-us\/articles\/360100000001-/,
      ),
    });
    // The example files are still there and still found first for their own topic.
    const refund = await searchSops(store, 'refund');
    expect(refund[0]?.sop.id).toBe('refund-request');
    expect(refund.map((h) => h.sop.id)).toContain(`zd-guide-${ARTICLE_BASE_ID + 5}`);
    const chargeback = await searchSops(store, 'chargeback');
    expect(chargeback.map((h) => h.sop.id)).toContain('sf-knowledge-ka05g0000000002aaa');
    expect(chargeback.find((h) => h.sop.id.startsWith('sf-'))?.sop.tags).toEqual(['Billing', 'Disputes']);

    // Suggestions for a ticket rank imported articles by text relevance too.
    const suggestions = await suggestSops(
      store,
      aTicket({ externalId: 't1', subject: 'Shipping delay, parcel has not moved', tags: [] }),
    );
    expect(suggestions.map((s) => s.sop.id)).toContain(`zd-guide-${ARTICLE_BASE_ID + 5}`);
  });

  it('stores hostile article HTML as inert Markdown', async () => {
    for (const id of [`zd-guide-${ARTICLE_BASE_ID + 5}`, 'sf-knowledge-ka05g0000000002aaa']) {
      const sop = await store.sops.get(id);
      if (sop === null) throw new Error(`${id} was not imported`);
      expect(sop.body).not.toMatch(/script|iframe|javascript:|trackArticle|openTracker|document\.cookie/i);
      for (const output of [renderSopHtml(sop.body), renderSopForSlack(sop.body)])
        expect(output).not.toMatch(/<script|<iframe|javascript:/i);
    }
    const shipping = await store.sops.get(`zd-guide-${ARTICLE_BASE_ID + 5}`);
    expect(shipping?.body).toContain('[carrier site](https://track.example.com/)');
    expect(shipping?.body).toContain('tracker widget');
  });

  it('changes nothing on an immediate second run', async () => {
    const before = await store.sops.list();
    for (const which of ['zd', 'sf'] as const) {
      const again = await sync(which);
      expect(again.error).toBeNull();
      expect(again.counts.upserted + again.counts.deleted).toBe(0);
    }
    expect(await store.sops.list()).toStrictEqual(before);
  });

  it('a folder reindex never removes imported SOPs, and an import never removes file SOPs', async () => {
    const imported = (await store.sops.list()).filter(
      (s) => s.id.startsWith('zd-') || s.id.startsWith('sf-'),
    );
    expect(imported).toHaveLength(11);
    // An empty folder removes every file SOP and nothing else.
    const empty = await reindexSops(store, sopFolder({}));
    expect(empty.removed.sort()).toEqual(
      [
        'account-lockout',
        'chargeback-card-data',
        'data-deletion-request',
        'escalation-to-engineering',
        'outage-communication',
        'refund-request',
      ].sort(),
    );
    expect(await store.sops.list()).toStrictEqual(imported);
    // The files come back; the imports are untouched throughout.
    expect((await reindexSops(store, EXAMPLES)).added).toHaveLength(6);
    expect((await store.sops.list()).filter((s) => imported.some((i) => i.id === s.id))).toStrictEqual(
      imported,
    );
  });

  it('removes a Guide article turned into a draft, and an archived one at the next listing', async () => {
    const drafted = ARTICLE_BASE_ID + 2;
    const archived = ARTICLE_BASE_ID + 4;
    zendesk.data.articles.edit(drafted, { draft: true });
    const run = await sync('zd');
    expect(run.error).toBeNull();
    expect(await store.sops.get(`zd-guide-${drafted}`)).toBeNull();
    // Archiving is invisible to the export: the daily listing finds it gone.
    zendesk.data.articles.archive(archived);
    expect((await sync('zd')).counts.deleted).toBe(0);
    expect(await store.sops.get(`zd-guide-${archived}`)).not.toBeNull();
    later = 2 * DAY;
    const swept = await sync('zd');
    expect(swept.error).toBeNull();
    expect(swept.counts.deleted).toBe(1);
    expect(await store.sops.get(`zd-guide-${archived}`)).toBeNull();
    // Files and the other connection's imports are untouched by the listing.
    expect(await store.sops.get('refund-request')).not.toBeNull();
    expect(await store.sops.get('sf-knowledge-ka05g0000000002aaa')).not.toBeNull();
  });

  it('an edited Guide article is updated in place and counts as reviewed', async () => {
    const id = ARTICLE_BASE_ID + 6;
    zendesk.data.articles.edit(id, { body: '<p>Refunds within <b>45</b> days.</p>', labels: ['refund'] });
    expect((await sync('zd')).error).toBeNull();
    const sop = await store.sops.get(`zd-guide-${id}`);
    expect(sop?.body).toBe('Refunds within **45** days.');
    expect(sop?.tags).toEqual(['refund']);
    expect(Date.now() - Date.parse(sop?.lastVerified ?? '')).toBeLessThan(10 * 60_000);
  });

  it('removes a Salesforce article when its online version is archived', async () => {
    const online = [...salesforce.dataset.scan('Knowledge__kav')].find(
      (r) => r.Title === 'Communicate during an outage' && r.PublishStatus === 'Online',
    );
    if (online === undefined) throw new Error('no online outage article in the sandbox');
    salesforce.dataset.update('Knowledge__kav', online.Id, { PublishStatus: 'Archived' });
    const run = await sync('sf', () => new Date(salesforce.now() + 5000));
    expect(run.error).toBeNull();
    expect(run.counts.deleted).toBe(1);
    expect(
      await store.sops.get(`sf-knowledge-${String(online.KnowledgeArticleId).toLowerCase()}`),
    ).toBeNull();
  });

  it('stale imported articles need review until verified in casebridge', async () => {
    // The sandbox's privacy article was last edited 200 days ago (review interval 90 days).
    const id = 'sf-knowledge-ka05g0000000004aaa';
    expect((await staleSops(store)).map((s) => s.sop.id)).toContain(id);
    await verifySop(store, id, { by: 'slack:U1' });
    expect((await staleSops(store)).map((s) => s.sop.id)).not.toContain(id);
  });

  it('refuses an article whose SOP id a file already holds, and keeps the file', async () => {
    const id = `zd-guide-${ARTICLE_BASE_ID + 1}`;
    const folder = sopFolder({
      'refund.md': sopText({ id, title: 'Our own refund procedure', body: '1. Do it our way.' }),
    });
    await reindexSops(store, folder);
    expect((await store.sops.get(id))?.title).toBe('Our own refund procedure');
    zendesk.data.articles.edit(ARTICLE_BASE_ID + 1, { title: 'Refund a card payment (updated)' });
    const run = await sync('zd');
    expect(run.error).toBeNull();
    expect((await store.sops.get(id))?.title).toBe('Our own refund procedure');
    const quarantined = await store.quarantine.list('zd-kb', 10);
    expect(quarantined.map((q) => q.reason)).toContainEqual(
      expect.stringContaining(`the SOP id ${id} belongs to an SOP file`),
    );
    // The listing never removes it either: it is a file's SOP now.
    later = 5 * DAY;
    expect((await sync('zd')).error).toBeNull();
    expect((await store.sops.get(id))?.title).toBe('Our own refund procedure');
  });
});

describe('where an imported SOP is read', () => {
  it('links to the article itself, not into the SOP folder', () => {
    const section = {
      folder: './sops',
      browseUrl: 'https://github.com/acme/sops/blob/main/',
      reminder: false as const,
    };
    const article = 'https://acme.zendesk.com/hc/en-us/articles/360100000001-refund';
    expect(sopFileUrl(section, article)).toBe(article);
    expect(sopFileUrl(undefined, article)).toBe(article);
    expect(sopFileUrl(section, 'billing/refund.md')).toBe(
      'https://github.com/acme/sops/blob/main/billing/refund.md',
    );
    // Only http(s) addresses are addresses: anything else is a file path under browseUrl.
    expect(sopFileUrl(section, 'javascript:alert(1)')).toBe(
      'https://github.com/acme/sops/blob/main/javascript%3Aalert(1)',
    );
  });
});
