import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_STATE_KEY } from '../../connectors/salesforce/auth.js';
import { rawCase } from '../../connectors/salesforce/fixtures/records.js';
import { ticketsStream } from '../../connectors/salesforce/streams/tickets.js';
import { errorMessage } from '../../shared/errors.js';
import {
  API,
  connection,
  LOGIN,
  limitInfo,
  memoryState,
  queryPage,
  readStream,
  sessionState,
  sf,
} from './helpers/nock-env.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const CASE_1 = '5005g00000AAAAAAA1';
const expired = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const token = (accessToken: string) => ({
  access_token: accessToken,
  instance_url: 'https://acme.my.salesforce.com',
  id: 'https://login.salesforce.com/id/00D/005',
  token_type: 'Bearer',
  issued_at: '1',
  signature: 'x',
  scope: 'api',
});

describe('auth', () => {
  it('logs in with the refresh token when nothing is stored, and persists the token for the next run', async () => {
    nock(LOGIN)
      .post(
        '/services/oauth2/token',
        (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'refresh-1',
      )
      .reply(200, token('fresh-1'));
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('authorization', 'Bearer fresh-1')
      .reply(200, queryPage([]));
    const state = memoryState();
    expect((await readStream(ticketsStream, { state })).error).toBeNull();
    expect(state.data.get(SESSION_STATE_KEY)).toMatchObject({ accessToken: 'fresh-1' });
    // A restart reuses the stored token: no second login.
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('authorization', 'Bearer fresh-1')
      .reply(200, queryPage([]));
    expect((await readStream(ticketsStream, { state })).error).toBeNull();
  });

  it('refreshes once on 401 INVALID_SESSION_ID, retries, and stores the new token', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('authorization', 'Bearer stored-token')
      .reply(401, expired);
    nock(LOGIN).post('/services/oauth2/token').reply(200, token('fresh-2'));
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('authorization', 'Bearer fresh-2')
      .reply(200, queryPage([rawCase(CASE_1)]));
    const state = sessionState();
    const { pages, error } = await readStream(ticketsStream, { state });
    expect(error).toBeNull();
    expect(pages[0]?.records.tickets).toHaveLength(1);
    expect(state.data.get(SESSION_STATE_KEY)).toMatchObject({ accessToken: 'fresh-2' });
  });

  it('does not loop when the refreshed token is refused too', async () => {
    sf().get(`${API}/queryAll`).query(true).times(2).reply(401, expired);
    nock(LOGIN).post('/services/oauth2/token').once().reply(200, token('fresh-3'));
    const { error } = await readStream(ticketsStream);
    expect(errorMessage(error)).toContain('INVALID_SESSION_ID');
    expect(errorMessage(error)).toContain('re-authorize the connected app');
  });

  it('explains a revoked refresh token', async () => {
    nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const { error } = await readStream(ticketsStream, { state: memoryState() });
    expect(errorMessage(error)).toBe(
      'Salesforce refused the refresh-token login (invalid_grant: expired access/refresh token) — the refresh token was revoked or expired: re-authorize the connected app and update auth.refreshToken',
    );
  });

  it('signs a JWT bearer assertion with the private key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let claims: Record<string, unknown> = {};
    nock(LOGIN)
      .post('/services/oauth2/token', (body) => {
        const [, payload] = String(body.assertion).split('.');
        claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
        return body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
      })
      .reply(200, token('jwt-token'));
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('authorization', 'Bearer jwt-token')
      .reply(200, queryPage([]));
    const jwt = connection({ auth: { clientId: 'client-id', username: 'int@acme.com', privateKey: pem } });
    const { error } = await readStream(ticketsStream, { connection: jwt, state: memoryState() });
    expect(error).toBeNull();
    expect(claims).toMatchObject({ iss: 'client-id', sub: 'int@acme.com', aud: LOGIN });
  });

  it('says what to do when a plain access token expires', async () => {
    sf().get(`${API}/queryAll`).query(true).reply(401, expired);
    const { error } = await readStream(ticketsStream, {
      connection: connection({ auth: { accessToken: 'tok' } }),
    });
    expect(errorMessage(error)).toContain('use auth: {clientId, clientSecret, refreshToken} or a JWT bearer');
  });
});

describe('limits and faults', () => {
  // Dropped connections (a real socket reset) are exercised against the sandbox in e2e.test.ts.
  it('retries 5xx with backoff, then succeeds', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(503, [{ message: 'down', errorCode: 'SERVER_UNAVAILABLE' }]);
    sf().get(`${API}/queryAll`).query(true).reply(502, 'Bad Gateway');
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, queryPage([rawCase(CASE_1)]));
    const { pages, error, lines } = await readStream(ticketsStream);
    expect(error).toBeNull();
    expect(pages[0]?.records.tickets).toHaveLength(1);
    expect(lines().filter((l) => String(l.msg).includes('retrying'))).toHaveLength(2);
  });

  it('retries a timed-out request', async () => {
    sf().get(`${API}/queryAll`).query(true).delay(400).reply(200, queryPage([]));
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, queryPage([rawCase(CASE_1)]));
    const { pages, error } = await readStream(ticketsStream, {
      connection: connection({ requestTimeoutMs: 100 }),
    });
    expect(error).toBeNull();
    expect(pages[0]?.records.tickets).toHaveLength(1);
  });

  it('gives up after maxRetries with the last error', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .times(3)
      .reply(500, [{ message: 'boom', errorCode: 'UNKNOWN_EXCEPTION' }]);
    const { error } = await readStream(ticketsStream, { connection: connection({ maxRetries: 2 }) });
    expect(errorMessage(error)).toContain('Salesforce UNKNOWN_EXCEPTION (HTTP 500): boom');
  });

  it('does not retry REQUEST_LIMIT_EXCEEDED and says what it means', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .once()
      .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    const { error } = await readStream(ticketsStream);
    expect(errorMessage(error)).toBe(
      "Salesforce REQUEST_LIMIT_EXCEEDED (HTTP 403): TotalRequests Limit exceeded. — the org has used its API requests for the rolling 24 hours; the sync resumes from its checkpoint on a later run (or raise the org's API limit in Setup)",
    );
  });

  it('turns an error body into a message an admin can act on', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(400, [{ message: "No such column 'Tags__c' on entity 'Case'.", errorCode: 'INVALID_FIELD' }]);
    const { error } = await readStream(ticketsStream, { connection: connection({ tagsField: 'Tags__c' }) });
    expect(errorMessage(error)).toContain(
      "INVALID_FIELD (HTTP 400): No such column 'Tags__c' on entity 'Case'.",
    );
    expect(errorMessage(error)).toContain('grant field-level security');
  });

  it('pauses cleanly past the API quota threshold: the page read is kept, the run stops', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, queryPage([rawCase(CASE_1)], `${API}/queryAll/01gXX-2000`, 2), limitInfo(12_100, 15_000));
    const { pages, error } = await readStream(ticketsStream);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.checkpoint.systemModstamp).toBe('2026-02-01T10:00:00.000Z');
    expect(error).toMatchObject({ code: 'sync.paused' });
    expect(errorMessage(error)).toMatch(
      /^paused: api quota — the Salesforce org has used 12100 of its 15000 daily API requests \(80\.7%/,
    );
  });
});
