import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeCheckpoint, knowledgeStream } from '../../connectors/salesforce/streams/knowledge.js';
import { errorMessage } from '../../shared/errors.js';
import { articleToSop } from '../../shared/services/sop/import.js';
import { renderSopForSlack, renderSopHtml } from '../../shared/services/sop/index.js';
import {
  API,
  connection,
  INSTANCE,
  LOGIN,
  limitInfo,
  queryPage,
  readStream,
  sf,
  soqlOf,
} from './helpers/nock-env.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const withKnowledge = (extra: Record<string, unknown> = {}) =>
  connection({
    knowledge: { defaultOwner: 'kb@acme.com', bodyFields: ['Answer__c'], tagsField: 'Keywords__c', ...extra },
  });

const attributes = { type: 'Knowledge__kav', url: `${API}/sobjects/Knowledge__kav/x` };
function version(n: number, overrides: Record<string, unknown> = {}) {
  return {
    attributes,
    Id: `ka05g00000000VER${n}`,
    KnowledgeArticleId: `kA05g00000000ART${n}`,
    Title: `Article ${n}`,
    Summary: null,
    VersionNumber: 2,
    LastModifiedDate: `2026-02-0${n}T10:00:00.000+0000`,
    SystemModstamp: `2026-02-0${n}T10:00:05.000+0000`,
    CreatedBy: { attributes: { type: 'User' }, Email: `author${n}@acme.com` },
    Answer__c: `<p>Body ${n}</p>`,
    Keywords__c: null,
    ...overrides,
  };
}
const selection = (parent: string, name: string) => ({
  attributes: { type: 'Knowledge__DataCategorySelection' },
  ParentId: parent,
  DataCategoryGroupName: 'Topics',
  DataCategoryName: name,
});

/** Routes `/query` by what the SOQL asks, recording every query. */
function answer(queries: string[], route: (soql: string) => unknown) {
  return (uri: string) => {
    const soql = soqlOf(uri);
    queries.push(soql);
    return route(soql);
  };
}

const isArchived = (q: string) => q.includes("PublishStatus = 'Archived'");
const isCategories = (q: string) => q.includes('FROM Knowledge__DataCategorySelection');
const isSweep = (q: string) => q.startsWith('SELECT KnowledgeArticleId FROM');

describe('salesforce knowledge stream (Knowledge__kav → SOPs, nock)', () => {
  it('removes archived articles, pages online versions with their data categories, then lists every online article', async () => {
    const queries: string[] = [];
    const route = (q: string) => {
      if (isArchived(q))
        return queryPage([
          {
            attributes,
            Id: 'ka05g00000000OLD1',
            KnowledgeArticleId: 'kA05g00000000GONE',
            SystemModstamp: '2026-01-15T00:00:00.000+0000',
          },
        ]);
      if (isCategories(q) && q.includes('VER1'))
        return queryPage([
          selection('ka05g00000000VER1', 'Billing'),
          selection('ka05g00000000VER2', 'Refunds'),
          selection('ka05g00000000VER1', 'Refunds'),
        ]);
      if (isCategories(q)) return queryPage([]);
      if (isSweep(q))
        return queryPage([
          { attributes, KnowledgeArticleId: 'kA05g00000000ART1' },
          { attributes, KnowledgeArticleId: 'kA05g00000000ART3' },
        ]);
      return queryPage(
        [
          version(1, { Keywords__c: 'refund; card' }),
          version(2, { CreatedBy: null, Summary: 'Plain <b>summary</b>' }),
        ],
        `${API}/query/01gXX-2`,
        3,
      );
    };
    sf().get(`${API}/query`).query(true).times(5).reply(200, answer(queries, route), limitInfo());
    sf()
      .get(`${API}/query/01gXX-2`)
      .reply(200, queryPage([version(3, { Title: '  ' }), version(4)], undefined, 3), limitInfo());
    const { pages, error } = await readStream(knowledgeStream, { connection: withKnowledge() });
    expect(error).toBeNull();

    expect(queries[0]).toBe(
      "SELECT Id, KnowledgeArticleId, SystemModstamp FROM Knowledge__kav WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2026-03-01T12:00:00Z AND PublishStatus = 'Archived' AND IsLatestVersion = true AND Language = 'en_US' ORDER BY SystemModstamp, Id",
    );
    expect(queries[1]).toBe(
      "SELECT Id, KnowledgeArticleId, Title, Summary, VersionNumber, LastModifiedDate, SystemModstamp, CreatedBy.Email, Answer__c, Keywords__c FROM Knowledge__kav WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2026-03-01T12:00:00Z AND PublishStatus = 'Online' AND IsLatestVersion = true AND Language = 'en_US' ORDER BY SystemModstamp, Id",
    );
    expect(queries[2]).toBe(
      "SELECT ParentId, DataCategoryGroupName, DataCategoryName FROM Knowledge__DataCategorySelection WHERE ParentId IN ('ka05g00000000VER1', 'ka05g00000000VER2')",
    );
    expect(queries.at(-1)).toBe(
      "SELECT KnowledgeArticleId FROM Knowledge__kav WHERE PublishStatus = 'Online' AND Language = 'en_US'",
    );

    const [archived, first, second, sweep] = pages;
    expect(pages).toHaveLength(4);
    expect(archived?.knowledge).toEqual({
      collection: 'knowledge',
      upserts: [],
      removes: ['kA05g00000000GONE'],
    });
    expect(first?.knowledge?.upserts).toStrictEqual([
      {
        externalId: 'kA05g00000000ART1',
        title: 'Article 1',
        html: '<p>Body 1</p>',
        tags: ['Billing', 'Refunds', 'refund', 'card'],
        owner: 'author1@acme.com',
        version: '2',
        updatedAt: '2026-02-01T10:00:00.000Z',
        url: `${INSTANCE}/lightning/r/Knowledge__kav/ka05g00000000VER1/view`,
        reviewIntervalDays: 90,
      },
      {
        externalId: 'kA05g00000000ART2',
        title: 'Article 2',
        // The plain-text summary is escaped before it joins the HTML body: it can never become markup.
        html: '<p>Plain &lt;b&gt;summary&lt;/b&gt;</p><p>Body 2</p>',
        tags: ['Refunds'],
        owner: 'kb@acme.com',
        version: '2',
        updatedAt: '2026-02-02T10:00:00.000Z',
        url: `${INSTANCE}/lightning/r/Knowledge__kav/ka05g00000000VER2/view`,
        reviewIntervalDays: 90,
      },
    ]);
    expect(first?.checkpoint.online?.systemModstamp).toBe('2026-02-02T10:00:05.000Z');
    expect(first?.checkpoint.archived?.systemModstamp).toBe('2026-01-15T00:00:00.000Z');
    // A version without a title is quarantined with its reason; the rest of its page is imported.
    expect(second?.quarantined).toMatchObject([
      { externalId: 'ka05g00000000VER3', reason: expect.stringContaining('no Title') },
    ]);
    expect(second?.knowledge?.upserts.map((a) => a.externalId)).toEqual(['kA05g00000000ART4']);
    expect(second?.checkpoint.online?.systemModstamp).toBe('2026-02-04T10:00:05.000Z');
    expect(sweep?.knowledge?.presentOnly).toEqual(['kA05g00000000ART1', 'kA05g00000000ART3']);
    expect(sweep?.checkpoint.sweptAt).toBe(new Date('2026-03-01T12:00:00.000Z').getTime());
  });

  it('resumes each part from its checkpoint (minus the lookback) and skips the listing when not due', async () => {
    const queries: string[] = [];
    sf()
      .get(`${API}/query`)
      .query(true)
      .times(2)
      .reply(
        200,
        answer(queries, () => queryPage([])),
        limitInfo(),
      );
    const checkpoint: KnowledgeCheckpoint = {
      archived: { systemModstamp: '2026-02-10T00:00:00.000Z', seen: [] },
      online: { systemModstamp: '2026-02-20T00:00:00.000Z', seen: [] },
      sweptAt: new Date('2026-03-01T06:00:00.000Z').getTime(),
    };
    const { pages, error } = await readStream(knowledgeStream, {
      connection: withKnowledge({ dataCategories: false }),
      checkpoint,
    });
    expect(error).toBeNull();
    expect(queries[0]).toContain('SystemModstamp >= 2026-02-09T23:50:00Z');
    expect(queries[1]).toContain('SystemModstamp >= 2026-02-19T23:50:00Z');
    expect(
      pages.every((p) => p.knowledge?.upserts.length === 0 && p.knowledge.presentOnly === undefined),
    ).toBe(true);
  });

  it('keeps hostile article HTML inert once imported', async () => {
    const hostile = version(1, {
      Answer__c: `<p onmouseover="steal()">Read <a href="javascript:alert(1)">this</a> and <a href="https://ok.example/a(b)">that</a></p><script>alert(2)</script><iframe src="https://evil.example"></iframe>`,
    });
    sf()
      .get(`${API}/query`)
      .query(true)
      .times(4)
      .reply(
        200,
        answer([], (q) =>
          isArchived(q) || isCategories(q) || isSweep(q) ? queryPage([]) : queryPage([hostile]),
        ),
        limitInfo(),
      );
    const { pages, error } = await readStream(knowledgeStream, { connection: withKnowledge() });
    expect(error).toBeNull();
    const article = pages.flatMap((p) => p.knowledge?.upserts ?? [])[0];
    if (article === undefined) throw new Error('the article was not mapped');
    const sop = articleToSop(article, 'sf', 'knowledge');
    expect(sop.id).toBe('sf-knowledge-ka05g00000000art1');
    expect(sop.body).toBe('Read this and [that](https://ok.example/a%28b%29)');
    for (const output of [renderSopHtml(sop.body), renderSopForSlack(sop.body)])
      expect(output).not.toMatch(/<script|<iframe|onmouseover|javascript:|evil\.example/i);
  });

  it('refreshes an expired session once and retries 5xx, like the other streams', async () => {
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    nock(LOGIN).post('/services/oauth2/token').reply(200, {
      access_token: 'fresh',
      instance_url: INSTANCE,
      id: 'https://login.salesforce.com/id/00D/005',
      token_type: 'Bearer',
      issued_at: '1',
      signature: 'x',
    });
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(503, [{ message: 'down', errorCode: 'SERVER_UNAVAILABLE' }]);
    sf()
      .get(`${API}/query`)
      .query(true)
      .times(3)
      .matchHeader('authorization', 'Bearer fresh')
      .reply(200, queryPage([]), limitInfo());
    const { error, lines } = await readStream(knowledgeStream, { connection: withKnowledge() });
    expect(error).toBeNull();
    expect(lines().filter((l) => String(l.msg).includes('retrying'))).toHaveLength(1);
  });

  it('names the missing field when the org has no such body field', async () => {
    sf().get(`${API}/query`).query(true).reply(200, queryPage([]), limitInfo());
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(400, [
        { message: "No such column 'Answer__c' on entity 'Knowledge__kav'.", errorCode: 'INVALID_FIELD' },
      ]);
    const { error } = await readStream(knowledgeStream, { connection: withKnowledge() });
    expect(errorMessage(error)).toContain(
      "INVALID_FIELD (HTTP 400): No such column 'Answer__c' on entity 'Knowledge__kav'.",
    );
  });

  it('refuses to run without knowledge settings, saying what to add', async () => {
    const { error } = await readStream(knowledgeStream);
    expect(errorMessage(error)).toMatch(/connection sf has no `knowledge` settings/);
    expect(errorMessage(error)).toMatch(/bodyFields/);
  });
});
