import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import type { KnowledgeCheckpoint } from '../../connectors/zendesk/streams/knowledge.js';
import { manualClock } from '../../shared/http/index.js';
import { articleToSop } from '../../shared/services/sop/import.js';
import { renderSopForSlack, renderSopHtml } from '../../shared/services/sop/index.js';
import type { Page, StreamDefinition } from '../../shared/sync/index.js';
import { failureOf } from '../helpers/errors.js';
import { basicAuth, connection, fixture, readAll, stamp, ZENDESK } from './stream-harness.js';

const PATH = '/api/v2/help_center/incremental/articles.json';
const USERS = '/api/v2/users/show_many.json';
const NOW = new Date('2024-08-01T00:00:00Z');
const knowledgeConnection = {
  ...connection,
  knowledge: { defaultOwner: 'kb@acme.com', reviewIntervalDays: 60 },
};
/** Swept an hour ago: the daily listing of every article is not due. */
const notDue: KnowledgeCheckpoint = { export: null, sweptAt: NOW.getTime() - 3_600_000 };

function knowledge(clock = manualClock(1_700_000_000_000)) {
  const connector = createZendeskConnector({ clock, minRetryDelayMs: 1000 });
  return {
    stream: connector.streams.find((s) => s.name === 'knowledge') as StreamDefinition<
      never,
      KnowledgeCheckpoint
    >,
    clock,
  };
}

const read = (
  options: { checkpoint?: KnowledgeCheckpoint | null; connection?: Record<string, unknown> } = {},
) =>
  readAll(knowledge().stream, { connection: knowledgeConnection, now: NOW, checkpoint: notDue, ...options });

const users = { users: [{ id: 20978392, email: 'johnny@acme.com', name: 'Johnny Agent' }] };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('zendesk knowledge stream (Guide articles → SOPs, nock)', () => {
  it('pages the incremental article export from start_time by end_time and maps articles', async () => {
    const scope = nock(ZENDESK, { reqheaders: { authorization: basicAuth } })
      .get(PATH)
      .query({ start_time: '1719792000' })
      .reply(200, fixture('articles-page-1.json'))
      .get(USERS)
      .query({ ids: '20978392,20978393' })
      .reply(200, users)
      .get(PATH)
      .query({ start_time: '1720180800' })
      .reply(200, fixture('articles-page-2.json'));
    const pages = await read();
    scope.done();
    expect(pages).toHaveLength(2);
    const [first, second] = pages as [Page<KnowledgeCheckpoint>, Page<KnowledgeCheckpoint>];
    expect(first.knowledge?.collection).toBe('guide');
    expect(first.knowledge?.upserts[0]).toStrictEqual({
      externalId: '360026053753',
      title: 'How to refund an order',
      html: expect.stringContaining('<strong>Refund</strong>'),
      tags: ['refund', 'billing'],
      owner: 'johnny@acme.com',
      version: '2024-07-02T16:40:00.000Z',
      updatedAt: '2024-07-02T16:40:00.000Z',
      url: 'https://acme.zendesk.com/hc/en-us/articles/360026053753-How-to-refund-an-order',
      reviewIntervalDays: 60,
    });
    // An author Zendesk did not return falls back to the configured owner.
    expect(first.knowledge?.upserts[1]?.owner).toBe('kb@acme.com');
    expect(first.checkpoint).toEqual({
      export: { start_time: 1720180800, seen: ['360026053760'] },
      sweptAt: notDue.sweptAt,
    });

    // No author at all: the default owner; no edited_at: the update time is the version.
    expect(second.knowledge?.upserts).toMatchObject([
      { externalId: '360026053754', owner: 'kb@acme.com', version: '2024-07-10T09:00:00.000Z' },
    ]);
    // A draft is removed; a malformed article is quarantined with its raw JSON, not dropped.
    expect(second.knowledge?.removes).toEqual(['360026053799']);
    expect(second.quarantined).toMatchObject([{ externalId: '360026053800', raw: { title: 'Broken' } }]);
    expect(second.checkpoint.export?.start_time).toBe(1720688400);
  });

  it('resumes from the stored end_time and asks each author only once per run', async () => {
    const checkpoint: KnowledgeCheckpoint = {
      export: { start_time: 1720180800, seen: [] },
      sweptAt: notDue.sweptAt,
    };
    const scope = nock(ZENDESK)
      .get(PATH)
      .query({ start_time: '1720180800' })
      .reply(200, {
        ...fixture('articles-page-1.json'),
        next_page: `${ZENDESK}${PATH}?start_time=1720180900`,
        end_time: 1720180900,
      })
      .get(USERS)
      .query({ ids: '20978392,20978393' })
      .reply(200, users)
      .get(PATH)
      .query({ start_time: '1720180900' })
      .reply(200, { ...fixture('articles-page-1.json'), next_page: null, end_time: 1720181000 });
    const pages = await read({ checkpoint });
    scope.done();
    expect(pages.map((p) => p.checkpoint.export?.start_time)).toEqual([1720180900, 1720181000]);
  });

  it('yields nothing when no article changed since the checkpoint', async () => {
    const checkpoint: KnowledgeCheckpoint = {
      export: { start_time: 1720688400, seen: ['360026053754'] },
      sweptAt: notDue.sweptAt,
    };
    const scope = nock(ZENDESK)
      .get(PATH)
      .query({ start_time: '1720688400' })
      .reply(200, { articles: [], next_page: null, count: 0, end_time: 1720688400 });
    expect(await read({ checkpoint })).toEqual([]);
    scope.done();
  });

  it('lists every article once the sweep is due and removes imported articles no longer listed (archived)', async () => {
    const checkpoint: KnowledgeCheckpoint = {
      export: { start_time: 1720688400, seen: [] },
      sweptAt: NOW.getTime() - 2 * 86_400_000,
    };
    const scope = nock(ZENDESK)
      .get(PATH)
      .query({ start_time: '1720688400' })
      .reply(200, { articles: [], next_page: null, count: 0, end_time: 1720688400 })
      .get(PATH)
      .query({ start_time: '0' })
      .reply(200, fixture('articles-page-1.json'))
      .get(PATH)
      .query({ start_time: '1720180800' })
      .reply(200, fixture('articles-page-2.json'));
    const pages = await read({ checkpoint });
    scope.done();
    expect(pages).toHaveLength(1);
    // Drafts are not "present": an article imported before and now a draft goes too. The
    // malformed one is kept (it is not known to be gone).
    expect(pages[0]?.knowledge).toEqual({
      collection: 'guide',
      upserts: [],
      removes: [],
      presentOnly: ['360026053753', '360026053760', '360026053754', '360026053800'],
    });
    expect(pages[0]?.checkpoint).toEqual({
      export: { start_time: 1720688400, seen: [] },
      sweptAt: NOW.getTime(),
    });
  });

  it('makes hostile article HTML inert: no script, no handlers, no javascript: links', async () => {
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(200, { ...fixture('articles-page-1.json'), next_page: null })
      .get(USERS)
      .query(true)
      .reply(200, users);
    const [page] = await read();
    const hostile = page?.knowledge?.upserts.find((a) => a.externalId === '360026053760');
    if (hostile === undefined) throw new Error('the hostile article was not mapped');
    const sop = articleToSop(hostile, 'zd', 'guide');
    const html = renderSopHtml(sop.body);
    const slack = renderSopForSlack(sop.body);
    // The Markdown keeps only text and safe links: no handler, no script source, no hostile address.
    expect(sop.body).not.toMatch(
      /onerror|onclick|javascript:|evil\.example|document\.cookie|alert\([1-4]\)|svg text/i,
    );
    // The renderings hold no live markup: the article's own escaped "<script>" text stays escaped.
    for (const output of [html, slack])
      expect(output).not.toMatch(/<script|<iframe|<svg|<style|<img|javascript:/i);
    expect(sop.body).toContain('Use the tracker or this.');
    // Escaped markup in the article stays visible text, escaped again when rendered.
    expect(html).toContain('&lt;script&gt;alert(5)&lt;/script&gt;');
    // Relative links resolve against the article's own address.
    const first = page?.knowledge?.upserts[0];
    if (first === undefined) throw new Error('no first article');
    expect(articleToSop(first, 'zd', 'guide').body).toContain(
      '[the refund policy](https://acme.zendesk.com/hc/en-us/articles/360026053754)',
    );
  });

  it('fails fast on 401 with what to fix, like the other streams', async () => {
    const scope = nock(ZENDESK).get(PATH).query(true).reply(401, { error: "Couldn't authenticate you" });
    const message = await failureOf(read());
    scope.done();
    expect(message).toMatch(/Zendesk rejected the credentials \(401/);
    expect(message).toMatch(/check auth.email and auth.apiToken/);
  });

  it('waits out Retry-After on a 429 and retries 5xx with backoff', async () => {
    const { stream, clock } = knowledge();
    const times: number[] = [];
    const lastPage = { ...fixture('articles-page-2.json'), articles: [] };
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 429, { error: 'APIRateLimitExceeded' }, { 'Retry-After': '30' }))
      .get(PATH)
      .query(true)
      .reply(503)
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 200, lastPage));
    const pages = await readAll(stream, { connection: knowledgeConnection, now: NOW, checkpoint: notDue });
    expect(pages).toHaveLength(1);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(30_000);
    // Retry-After first, then the backoff after the 503 (the second attempt's).
    expect(clock.sleeps).toEqual([30_000, 2000]);
  });

  it('refuses to run without knowledge settings, saying what to add', async () => {
    const message = await failureOf(read({ connection }));
    expect(message).toMatch(/connection zd has no `knowledge` settings/);
    expect(message).toMatch(/knowledge: \{ defaultOwner: <email> \}/);
  });

  it('says so when the answer is not an article export page', async () => {
    nock(ZENDESK).get(PATH).query(true).reply(200, { hello: 'world' });
    expect(await failureOf(read())).toMatch(/unexpected shape/);
  });
});
