import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { salesforceActions } from '../../connectors/salesforce/actions.js';
import { sandboxConnection, startSalesforceSandbox } from '../../connectors/salesforce/sandbox/index.js';
import { errorMessage } from '../../shared/errors.js';
import { API, connection, memoryState, sessionState, sf } from './helpers/nock-env.js';
import { memoryLogger } from './helpers/setup.js';

const CASE_1 = '5005g00000AAAAAAA1';
const context = () => ({ log: memoryLogger('silent').log, state: sessionState() });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('Salesforce actions (nock)', () => {
  it('adds an internal CaseComment (IsPublished false)', async () => {
    sf()
      .post(`${API}/sobjects/CaseComment`, {
        ParentId: CASE_1,
        CommentBody: 'Looking into it',
        IsPublished: false,
      })
      .reply(201, { id: '00a5g00000AAAAAAA1', success: true, errors: [] });
    await salesforceActions(connection(), context()).addInternalNote(CASE_1, 'Looking into it');
  });

  it('marks a case escalated and notes why', async () => {
    sf().patch(`${API}/sobjects/Case/${CASE_1}`, { IsEscalated: true }).reply(204);
    sf()
      .post(
        `${API}/sobjects/CaseComment`,
        (body) => body.CommentBody === 'Escalated to level 2: VIP waiting' && body.IsPublished === false,
      )
      .reply(201, { id: '00a5g00000AAAAAAA2', success: true, errors: [] });
    await salesforceActions(connection(), context()).markEscalated(CASE_1, 2, 'VIP waiting');
  });

  it('sets priority through the priority map (normal → Medium)', async () => {
    sf().patch(`${API}/sobjects/Case/${CASE_1}`, { Priority: 'Medium' }).reply(204);
    await salesforceActions(connection(), context()).setPriority(CASE_1, 'normal');
  });

  it('adds and removes tags in the configured field', async () => {
    sf()
      .get(`${API}/sobjects/Case/${CASE_1}`)
      .query({ fields: 'Tags__c' })
      .reply(200, { Id: CASE_1, Tags__c: 'billing' });
    sf().patch(`${API}/sobjects/Case/${CASE_1}`, { Tags__c: 'billing;vip' }).reply(204);
    const actions = salesforceActions(connection({ tagsField: 'Tags__c' }), context());
    await actions.addTags(CASE_1, ['vip', 'billing']);
    sf()
      .get(`${API}/sobjects/Case/${CASE_1}`)
      .query({ fields: 'Tags__c' })
      .reply(200, { Id: CASE_1, Tags__c: 'billing;vip' });
    sf().patch(`${API}/sobjects/Case/${CASE_1}`, { Tags__c: 'vip' }).reply(204);
    await actions.removeTags(CASE_1, ['billing']);
  });

  it('adds tags as topics when configured, creating a missing topic', async () => {
    sf()
      .get(`${API}/query`)
      .query((q) => q.q === "SELECT Id FROM Topic WHERE Name = 'O\\'Brien'")
      .reply(200, { totalSize: 0, done: true, records: [] });
    sf()
      .post(`${API}/sobjects/Topic`, { Name: "O'Brien" })
      .reply(201, { id: '0TO5g00000AAAAAAA1', success: true });
    sf()
      .post(`${API}/sobjects/TopicAssignment`, { TopicId: '0TO5g00000AAAAAAA1', EntityId: CASE_1 })
      .reply(201, { id: '0FT5g00000AAAAAAA1', success: true });
    await salesforceActions(connection({ useTopicsForTags: true }), context()).addTags(CASE_1, ["O'Brien"]);
  });

  it('explains a missing tag setting and an unknown case id', async () => {
    const actions = salesforceActions(connection(), context());
    expect(errorMessage(await actions.addTags(CASE_1, ['x']).catch((e) => e))).toContain('set tagsField');
    expect(errorMessage(await actions.setPriority('nope', 'high').catch((e) => e))).toContain(
      'not a Salesforce Case Id',
    );
  });

  it('does not retry a POST that failed ambiguously (no duplicate comments)', async () => {
    sf()
      .post(`${API}/sobjects/CaseComment`)
      .once()
      .reply(500, [{ message: 'boom', errorCode: 'UNKNOWN_EXCEPTION' }]);
    const failure = await salesforceActions(connection(), context())
      .addInternalNote(CASE_1, 'x')
      .catch((e) => e);
    expect(errorMessage(failure)).toContain('UNKNOWN_EXCEPTION');
  });
});

describe('Salesforce actions against the sandbox', () => {
  it('writes back and the change is visible to the next sync', async () => {
    nock.enableNetConnect('127.0.0.1');
    const sandbox = await startSalesforceSandbox({ size: 10 });
    try {
      const conn = { id: 'sf-actions', ...sandboxConnection(sandbox.url) } as Parameters<
        typeof salesforceActions
      >[0];
      const actions = salesforceActions(conn, { log: memoryLogger('silent').log, state: memoryState() });
      const target = [...sandbox.dataset.scan('Case')].find((c) => c.IsDeleted === false);
      const id = target?.Id ?? '';
      await actions.markEscalated(id, 1, 'waiting too long');
      await actions.setPriority(id, 'urgent');
      await actions.addTags(id, ['escalated']);
      expect(sandbox.dataset.get('Case', id)).toMatchObject({ IsEscalated: true, Priority: 'Critical' });
      expect(String(sandbox.dataset.get('Case', id)?.Tags__c)).toContain('escalated');
      const notes = [...sandbox.dataset.scan('CaseComment')].filter(
        (c) => c.ParentId === id && c.IsPublished === false,
      );
      expect(notes.map((n) => n.CommentBody)).toContain('Escalated to level 1: waiting too long');
    } finally {
      await sandbox.close();
      nock.disableNetConnect();
    }
  });
});

describe('check (casebridge doctor)', () => {
  it('reports reaching the org, or says what is wrong with the credentials', async () => {
    const { salesforceConnector } = await import('../../connectors/salesforce/index.js');
    nock.enableNetConnect('127.0.0.1');
    const sandbox = await startSalesforceSandbox({ size: 5, apiUsage: { used: 10, limit: 15_000 } });
    try {
      const check = salesforceConnector.check;
      const signal = new AbortController().signal;
      const log = memoryLogger('silent').log;
      const ok = await check?.({ id: 'sf', ...sandboxConnection(sandbox.url) } as never, { log, signal });
      expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('API usage 11/15000') });
      const bad = {
        id: 'sf',
        ...sandboxConnection(sandbox.url),
        auth: {
          clientId: 'casebridge-sandbox-client',
          clientSecret: 'casebridge-sandbox-secret',
          refreshToken: 'revoked',
        },
      };
      expect(await check?.(bad as never, { log, signal })).toMatchObject({
        ok: false,
        hint: expect.stringContaining('re-authorize'),
      });
    } finally {
      await sandbox.close();
      nock.disableNetConnect();
    }
  });
});
