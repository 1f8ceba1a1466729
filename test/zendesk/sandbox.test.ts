import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizationHeader } from '../../connectors/zendesk/config.js';
import {
  type RunningZendeskSandbox,
  SANDBOX_CREDENTIALS,
  startZendeskSandbox,
  zendeskSandbox,
} from '../../connectors/zendesk/sandbox/index.js';
import { BASE_TIME } from '../../connectors/zendesk/sandbox/people.js';

const admin = authorizationHeader(SANDBOX_CREDENTIALS.admin);
const TICKETS = '/api/v2/incremental/tickets/cursor.json';

async function get(sandbox: RunningZendeskSandbox, path: string, auth = admin) {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { authorization: auth } });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('the Zendesk sandbox speaks like Zendesk', () => {
  let sandbox: RunningZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startZendeskSandbox({
      size: 2500,
      seed: 9,
      rateLimitPerMinute: 1000,
      exportRateLimitPerMinute: 5,
    });
  });
  afterAll(async () => sandbox.close());
  afterEach(() => sandbox.requests.splice(0));

  it('is the same data for the same seed, and different for another', async () => {
    const other = await startZendeskSandbox({ size: 2500, seed: 9 });
    const third = await startZendeskSandbox({ size: 2500, seed: 10 });
    try {
      const a = await get(sandbox, `${TICKETS}?start_time=0&per_page=5`);
      const b = await get(other, `${TICKETS}?start_time=0&per_page=5`);
      const c = await get(third, `${TICKETS}?start_time=0&per_page=5`);
      expect(b.body.tickets).toEqual(a.body.tickets);
      expect(c.body.tickets).not.toEqual(a.body.tickets);
    } finally {
      await other.close();
      await third.close();
    }
  });

  it('pages with after_cursor to end_of_stream and sends rate-limit headers', async () => {
    let page = await get(sandbox, `${TICKETS}?start_time=0&include=metric_sets`);
    expect(page.headers.get('x-rate-limit')).toBe('1000');
    expect(page.headers.get('zendesk-ratelimit-incremental-exports')).toMatch(
      /^total=5; remaining=\d; resets=\d+$/,
    );
    const ids: number[] = [];
    for (;;) {
      ids.push(...(page.body.tickets as { id: number }[]).map((t) => t.id));
      expect((page.body.metric_sets as unknown[]).length).toBe((page.body.tickets as unknown[]).length);
      if (page.body.end_of_stream === true) break;
      page = await get(sandbox, `${TICKETS}?cursor=${String(page.body.after_cursor)}&include=metric_sets`);
    }
    expect(ids).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it('answers a 429 with Retry-After past its per-minute export limit', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await get(sandbox, `${TICKETS}?start_time=0&per_page=1`);
      statuses.push(r.status);
      retryAfter ??= r.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('refuses bad credentials (401) and non-admins on exports (403), like Zendesk', async () => {
    const fresh = await startZendeskSandbox({ size: 10 });
    try {
      expect((await get(fresh, TICKETS, 'Basic bm9wZQ==')).status).toBe(401);
      const agent = authorizationHeader(SANDBOX_CREDENTIALS.agent);
      expect((await get(fresh, `${TICKETS}?start_time=0`, agent)).status).toBe(403);
      expect(
        (await get(fresh, '/api/v2/users/me.json', `Bearer ${SANDBOX_CREDENTIALS.oauthToken}`)).status,
      ).toBe(200);
      expect((await get(fresh, `${TICKETS}?cursor=bogus`)).status).toBe(400);
      const recent = Math.floor(Date.now() / 1000);
      expect((await get(fresh, `${TICKETS}?start_time=${recent}`)).body.description).toMatch(/one minute/);
    } finally {
      await fresh.close();
    }
  });

  it('injects faults on demand: 5xx, slow answers, dropped connections', async () => {
    const fresh = await startZendeskSandbox({ size: 10 });
    try {
      fresh.inject({ kind: '5xx', status: 502 }, { kind: 'slow', ms: 150 }, { kind: 'drop' });
      expect((await get(fresh, '/api/v2/users/me.json')).status).toBe(502);
      const started = Date.now();
      expect((await get(fresh, '/api/v2/users/me.json')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await expect(get(fresh, '/api/v2/users/me.json')).rejects.toThrow();
    } finally {
      await fresh.close();
    }
  });

  it('holds no ticket in memory: a million-ticket sandbox serves its last page at once', async () => {
    const big = await startZendeskSandbox({ size: 1_000_000, rateLimitPerMinute: null });
    try {
      // Ticket i changes at BASE_TIME + 25 s × i + 22 s: start at the last thousand.
      const start = BASE_TIME + 999_000 * 25 + 22;
      const last = await get(big, `${TICKETS}?start_time=${start}&per_page=1000`);
      expect(last.status).toBe(200);
      const ids = (last.body.tickets as { id: number }[]).map((t) => t.id);
      expect([ids[0], ids.at(-1)]).toEqual([999_001, 1_000_000]);
      expect(last.body.end_of_stream).toBe(true);
    } finally {
      await big.close();
    }
  });

  it('is exposed through the connector definition with a connection pointing at it', () => {
    expect(zendeskSandbox.connection('http://127.0.0.1:4010')).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010',
      auth: SANDBOX_CREDENTIALS.admin,
    });
  });
});
