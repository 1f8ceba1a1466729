import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  HttpError,
  manualClock,
  parseRetryAfter,
  RateBudget,
} from '../../shared/http/index.js';

const BASE = 'https://crm.example';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function client(extra: Partial<HttpClientOptions> = {}) {
  const clock = manualClock(1_000_000);
  const http = createHttpClient({
    service: 'ExampleCRM',
    baseUrl: BASE,
    headers: { authorization: 'Bearer secret' },
    clock,
    minRetryDelayMs: 100,
    retries: 3,
    ...extra,
  });
  return { http, clock };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('shared/http client', () => {
  it('sends the headers and query and returns parsed JSON', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer secret' } })
      .get('/api/things')
      .query({ a: '1', b: 'x' })
      .reply(200, { things: [1, 2] });
    const { http } = client();
    expect(await http.getJson('/api/things', { a: 1, b: 'x', c: undefined })).toEqual({ things: [1, 2] });
    scope.done();
  });

  it.each([
    [401, 'http.unauthorized', /rejected the credentials/],
    [403, 'http.forbidden', /lacks permission/],
    [404, 'http.not_found', /has no GET \/api\/x/],
    [422, 'http.invalid_request', /could not process/],
  ])('fails fast on %i with an actionable message', async (status, code, message) => {
    const scope = nock(BASE).get('/api/x').reply(status, { error: 'Nope' });
    const { http } = client();
    const error = await failure(http.getJson('/api/x'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('Nope');
    expect(error.hint).not.toBeNull();
    expect(http.requestCount).toBe(1);
    scope.done();
  });

  it('ignores a status the connector marks ignore', async () => {
    nock(BASE).get('/api/gone').reply(404, {});
    const { http } = client({
      errorTable: { 404: { action: 'ignore', code: 'http.not_found', message: () => 'gone' } },
    });
    const response = await http.request({ path: '/api/gone' });
    expect(response).toMatchObject({ status: 404, ignored: true, data: null });
  });

  it('never sends a request before Retry-After elapses, for this call and the next ones', async () => {
    const { http, clock } = client();
    const sentAt: number[] = [];
    nock(BASE)
      .get('/api/x')
      .reply(() => {
        sentAt.push(clock.now());
        return [429, { error: 'slow down' }, { 'Retry-After': '7' }];
      })
      .get('/api/x')
      .reply(() => {
        sentAt.push(clock.now());
        return [200, { ok: true }];
      });
    expect(await http.getJson('/api/x')).toEqual({ ok: true });
    expect(sentAt).toHaveLength(2);
    expect((sentAt[1] as number) - (sentAt[0] as number)).toBeGreaterThanOrEqual(7000);
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    nock(BASE).get('/api/x').reply(500).get('/api/x').reply(503).get('/api/x').reply(200, { ok: 1 });
    const { http, clock } = client();
    expect(await http.getJson('/api/x')).toEqual({ ok: 1 });
    expect(clock.sleeps).toEqual([100, 200]);
    expect(http.requestCount).toBe(3);
  });

  it('gives up after its retries with the server error', async () => {
    nock(BASE).get('/api/x').times(4).reply(502, 'Bad Gateway');
    const { http } = client();
    const error = await failure(http.getJson('/api/x'));
    expect(error.code).toBe('http.server');
    expect(error.status).toBe(502);
    expect(http.requestCount).toBe(4);
  });

  it('retries a connection reset', async () => {
    nock(BASE)
      .get('/api/x')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get('/api/x')
      .reply(200, { ok: true });
    const { http } = client();
    expect(await http.getJson('/api/x')).toEqual({ ok: true });
    expect(http.requestCount).toBe(2);
  });

  it('times out a slow response and retries it', async () => {
    nock(BASE).get('/api/x').delay(500).reply(200, { slow: true }).get('/api/x').reply(200, { ok: true });
    const { http } = client({ timeoutMs: 50 });
    expect(await http.getJson('/api/x')).toEqual({ ok: true });
  });

  it('reports a timeout that persists with its own code', async () => {
    nock(BASE).get('/api/x').times(2).delay(300).reply(200, {});
    const { http } = client({ timeoutMs: 30, retries: 1 });
    expect((await failure(http.getJson('/api/x'))).code).toBe('http.timeout');
  });

  it('retries a 2xx whose body is not JSON (a body cut short)', async () => {
    nock(BASE).get('/api/x').reply(200, '{"tickets": [').get('/api/x').reply(200, { ok: true });
    const { http } = client();
    expect(await http.getJson('/api/x')).toEqual({ ok: true });
  });

  it('spends a requests-per-minute budget without exceeding it', async () => {
    const { clock } = client();
    const budget = new RateBudget(3, clock);
    const { http } = client({ clock, budgets: [budget] });
    const sentAt: number[] = [];
    nock(BASE)
      .get('/api/x')
      .times(5)
      .reply(() => {
        sentAt.push(clock.now());
        return [200, {}];
      });
    for (let i = 0; i < 5; i++) await http.getJson('/api/x');
    const first = sentAt[0] as number;
    expect(sentAt.slice(0, 3)).toEqual([first, first, first]);
    expect(sentAt[3]).toBe(first + 60_000);
    expect(sentAt[4]).toBe(first + 60_000);
  });

  it('follows absolute links on its own origin only', async () => {
    nock(BASE).get('/api/next').query({ cursor: 'abc' }).reply(200, { n: 2 });
    const { http } = client();
    expect(await http.getJson(`${BASE}/api/next?cursor=abc`)).toEqual({ n: 2 });
    const error = await failure(http.getJson('https://evil.example/steal'));
    expect(error.message).toMatch(/refusing to follow/);
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('shared/http network failures', () => {
  it('fails fast with the fix when nothing listens or the host does not resolve', async () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND']) {
      nock(BASE).get('/api/x').replyWithError({ code, message: code });
      const { http } = client();
      const error = await failure(http.getJson('/api/x'));
      expect(error.retryable).toBe(false);
      expect(error.hint).toMatch(/base URL/);
      expect(http.requestCount).toBe(1);
    }
  });
});

describe('shared/http Retry-After limits', () => {
  it('fails instead of stalling when Retry-After is longer than the sync should wait', async () => {
    nock(BASE).get('/api/x').reply(429, {}, { 'Retry-After': '7200' });
    const { http, clock } = client();
    const error = await failure(http.getJson('/api/x'));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/asks to wait 7200 s/);
    expect(clock.sleeps).toEqual([]);
  });
});
