import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import {
  type RunningZendeskSandbox,
  sandboxConnection,
  startZendeskSandbox,
} from '../../connectors/zendesk/sandbox/index.js';
import type { Store } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { expectedStore } from './expected.js';
import { dump, silentLog, zendeskJob } from './helpers.js';

const kinds = await storeKinds();
const STREAMS = ['organizations', 'people', 'tickets', 'comments', 'sla'];
const connector = createZendeskConnector({ minRetryDelayMs: 20 });

describe.each(kinds)('Zendesk sandbox → %s, end to end', (kind) => {
  let sandbox: RunningZendeskSandbox;
  let store: Store;
  let dispose: () => Promise<void>;
  const source = `zd-${kind}`;
  const job = zendeskJob(`zendesk-${kind}`, source, STREAMS);
  let connection: Record<string, unknown> & { id: string };

  beforeAll(async () => {
    sandbox = await startZendeskSandbox({
      size: 1200,
      seed: 7,
      malformedEvery: 37,
      faults: {
        tooManyRequestsEvery: 6,
        retryAfterSeconds: 1,
        serverErrorEvery: 7,
        dropEvery: 17,
        // Slower than the connection's timeout below: the client gives up on it and retries.
        slowEvery: 19,
        slowMs: 1600,
      },
    });
    ({ store, dispose } = await freshStore(kind));
    connection = { id: source, kind: 'zendesk', ...sandboxConnection(sandbox.url), timeoutMs: 1000 };
  });
  afterAll(async () => {
    await dispose();
    await sandbox.close();
  });

  it('imports exactly the sandbox data through 429s, 5xx, slow answers and dropped connections', async () => {
    const result = await runJob({ job, connection, connector, store, log: silentLog });
    expect(result.error).toBeNull();
    const expected = expectedStore(sandbox.data, source, 'casebridge-sandbox');
    const stored = await dump(store);
    expect(stored.tickets).toStrictEqual(expected.store.tickets);
    expect(stored.people).toStrictEqual(expected.store.people);
    expect(stored.organizations).toStrictEqual(expected.store.organizations);
    expect(stored.comments).toStrictEqual(expected.store.comments);
    expect(stored.sla).toStrictEqual(expected.store.sla);

    // The faults happened, and no request left before a Retry-After elapsed.
    const statuses = sandbox.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(2);
    // Dropped connections and answers slower than the timeout both end without a response.
    expect(statuses.filter((s) => s === 0).length).toBeGreaterThanOrEqual(2);
    expect(sandbox.earlyRequests()).toEqual([]);

    // Bad records are quarantined with their reason and raw JSON; the rest of their page is stored.
    expect(result.streams.tickets?.quarantined).toBe(expected.malformed.length);
    const quarantined = await store.quarantine.list(job.id, 1000);
    expect(quarantined.map((q) => q.externalId).sort()).toEqual([...expected.malformed].sort());
    expect(quarantined.some((q) => /unknown Zendesk status "exploded"/.test(q.reason))).toBe(true);
    expect(quarantined.some((q) => /created_at: not a timestamp/.test(q.reason))).toBe(true);
    expect(quarantined[0]?.raw).toMatchObject({ id: Number(quarantined[0]?.externalId) });
  });

  it('maps the domain as the sandbox means it (independent of the mapper)', async () => {
    const { tickets, comments, sla, people } = await dump(store);
    expect(tickets.some((t) => t.sourceStatus === 'hold' && t.status === 'on_hold')).toBe(true);
    expect(tickets.some((t) => t.priority === null && t.sourcePriority === null)).toBe(true);
    // Card numbers never reach the store, in tickets or comments; the last four digits stay.
    const texts = [...tickets.flatMap((t) => [t.subject, t.description]), ...comments.map((c) => c.body)];
    expect(texts.some((t) => t?.includes('4111 1111 1111 1111') || t?.includes('5555-5555-5555-4444'))).toBe(
      false,
    );
    expect(texts.some((t) => t?.includes('**** **** **** 1111'))).toBe(true);
    expect(texts.some((t) => t?.includes('****-****-****-4444'))).toBe(true);
    expect(comments.some((c) => !c.public)).toBe(true);
    expect(sla.every((s) => s.origin === 'native')).toBe(true);
    expect(new Set(sla.map((s) => s.stage))).toEqual(new Set(['active', 'paused', 'achieved', 'breached']));
    // Seeded cross-CRM customers keep their emails, so Salesforce contacts match them.
    expect(people.some((p) => p.email === 'ana.silva0@northwind.example')).toBe(true);
  });

  it('a second sync right away sends one request per stream and changes nothing', async () => {
    const before = await dump(store);
    const sent = sandbox.requests.length;
    const result = await runJob({ job, connection, connector, store, log: silentLog });
    expect(result.status).toBe('succeeded');
    expect(result.counts).toEqual({ upserted: 0, deleted: 0, quarantined: 0, pages: 0 });
    const answered = sandbox.requests.slice(sent).filter((r) => r.status === 200);
    expect(answered.map((r) => r.path)).toEqual([
      '/api/v2/incremental/organizations',
      '/api/v2/incremental/users/cursor',
      '/api/v2/incremental/tickets/cursor',
      '/api/v2/incremental/ticket_events',
      '/api/v2/incremental/ticket_metric_events',
    ]);
    expect(await dump(store)).toStrictEqual(before);
  });

  it('picks up later changes: an updated ticket, a new comment, a soft-deleted ticket', async () => {
    sandbox.changeTicket(5, {
      status: 'solved',
      comment: { body: 'Fixed, card 4111-1111-1111-1111', public: true },
    });
    sandbox.changeTicket(6, { status: 'deleted' });
    const result = await runJob({ job, connection, connector, store, log: silentLog });
    expect(result.error).toBeNull();
    expect((await store.tickets.get(`${source}:5`))?.status).toBe('solved');
    expect((await store.tickets.get(`${source}:6`))?.deleted).toBe(true);
    const comments = await store.comments.listForTicket(`${source}:5`);
    expect(comments.at(-1)?.body).toBe('Fixed, card ****-****-****-1111');
    expect(sandbox.earlyRequests()).toEqual([]);
  });
});
