import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import { manualClock } from '../../shared/http/index.js';
import type { StreamDefinition } from '../../shared/sync/index.js';
import { failureOf } from '../helpers/errors.js';
import { basicAuth, connection, fixture, readAll, stamp, ZENDESK } from './stream-harness.js';

const PATH = '/api/v2/incremental/tickets/cursor.json';

function tickets(clock = manualClock(1_700_000_000_000)) {
  const connector = createZendeskConnector({ clock, minRetryDelayMs: 1000 });
  return {
    stream: connector.streams.find((s) => s.name === 'tickets') as StreamDefinition<never, unknown>,
    clock,
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('zendesk tickets stream (nock, recorded shapes)', () => {
  it('pages the cursor export from start_time to end_of_stream and maps every field', async () => {
    const scope = nock(ZENDESK, { reqheaders: { authorization: basicAuth } })
      .get(PATH)
      .query({
        start_time: '1719792000',
        per_page: '1000',
        support_type_scope: 'all',
        include: 'metric_sets',
      })
      .reply(200, fixture('tickets-page-1.json'))
      .get(PATH)
      .query({
        cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8',
        per_page: '1000',
        support_type_scope: 'all',
        include: 'metric_sets',
      })
      .reply(200, fixture('tickets-page-2.json'));
    const pages = await readAll(tickets().stream);
    scope.done();
    expect(pages.map((p) => p.checkpoint)).toEqual([
      { after_cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8' },
      { after_cursor: 'MTU3NjYxMzUzOS4wfHw0Njh8' },
    ]);
    const [first, second] = pages;
    expect(first?.records.tickets?.[0]).toStrictEqual({
      id: 'zd:35436',
      source: 'zd',
      externalId: '35436',
      number: '35436',
      url: 'https://acme.zendesk.com/agent/tickets/35436',
      subject: 'Help, my printer is on fire!',
      // Masking is the runner's job (asserted end to end); the connector passes text as is.
      description: 'The fire is very colorful. Card 4111 1111 1111 1111 on file.',
      status: 'on_hold',
      sourceStatus: 'hold',
      priority: 'high',
      sourcePriority: 'high',
      type: 'incident',
      channel: 'web',
      requesterId: 'zd:20978392',
      organizationId: 'zd:509974',
      assigneeId: 'zd:235323',
      groupId: 'zd:98738',
      tags: ['enterprise', 'other_tag', 'casebridge_escalated_l2'],
      customFields: {
        '27642': '745',
        '27648': ['yes', 'mobile'],
        '27649': 12.5,
        '27650': true,
        '27651': null,
        '27652': { nested: { deep: [1, 'two'] } },
      },
      isEscalated: true,
      satisfaction: { score: 'good', comment: 'Great support!' },
      createdAt: '2024-07-16T19:30:04.000Z',
      updatedAt: '2024-07-17T09:12:44.000Z',
      firstRespondedAt: '2024-07-16T21:00:04.000Z',
      solvedAt: null,
      closedAt: null,
      reopens: 2,
      deleted: false,
    });
    // Nulls stay null: no subject, no priority, no requester; messaging is chat; unoffered is no rating.
    expect(first?.records.tickets?.[1]).toMatchObject({
      subject: null,
      priority: null,
      sourcePriority: null,
      requesterId: null,
      organizationId: null,
      channel: 'chat',
      satisfaction: null,
      firstRespondedAt: null,
      reopens: null,
    });
    expect(first?.deletes).toEqual({ tickets: ['35438'] });
    expect(first?.quarantined).toHaveLength(1);
    expect(first?.quarantined?.[0]).toMatchObject({
      externalId: '35439',
      raw: { id: 35439, status: 'archived_forever' },
    });
    expect(first?.quarantined?.[0]?.reason).toMatch(/status: unknown Zendesk status "archived_forever"/);
    expect(second?.records.tickets?.[0]).toMatchObject({
      status: 'closed',
      channel: 'phone',
      createdAt: '2024-07-17T10:30:00.000Z',
      closedAt: '2024-07-17T13:00:00.000Z',
      satisfaction: { score: 'bad', comment: null },
    });
  });

  it('resumes from the stored cursor without a start_time', async () => {
    const scope = nock(ZENDESK)
      .get(PATH)
      .query((q) => q.cursor === 'MTU3NjYxMzUzOS4wfHw0Njd8' && q.start_time === undefined)
      .reply(200, fixture('tickets-page-2.json'));
    const pages = await readAll(tickets().stream, {
      checkpoint: { after_cursor: 'MTU3NjYxMzUzOS4wfHw0Njd8' },
    });
    scope.done();
    expect(pages).toHaveLength(1);
  });

  it('commits nothing when a poll finds nothing new (same cursor)', async () => {
    const empty = { ...fixture('tickets-page-2.json'), tickets: [], after_cursor: 'SAME' };
    nock(ZENDESK).get(PATH).query(true).reply(200, empty);
    expect(await readAll(tickets().stream, { checkpoint: { after_cursor: 'SAME' } })).toEqual([]);
  });

  it('asks for a start_time at least a minute in the past', async () => {
    const now = new Date('2024-08-01T00:00:00Z');
    const scope = nock(ZENDESK)
      .get(PATH)
      .query((q) => Number(q.start_time) <= now.getTime() / 1000 - 60)
      .reply(200, fixture('tickets-page-2.json'));
    await readAll(tickets().stream, { startFrom: now, now });
    scope.done();
  });

  it('tells the admin to reset the job when Zendesk rejects the stored cursor', async () => {
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(400, { error: 'InvalidPaginationParameter', description: 'Invalid cursor' });
    const message = await failureOf(readAll(tickets().stream, { checkpoint: { after_cursor: 'garbage' } }));
    expect(message).toMatch(/Zendesk rejected the stored position of the tickets stream \(400/);
    expect(message).toContain('casebridge jobs reset zd-job --stream tickets');
  });

  it('fails fast on 401 with what to fix', async () => {
    const scope = nock(ZENDESK).get(PATH).query(true).reply(401, { error: "Couldn't authenticate you" });
    const message = await failureOf(readAll(tickets().stream));
    scope.done();
    expect(message).toMatch(/Zendesk rejected the credentials \(401/);
    expect(message).toMatch(/check auth.email and auth.apiToken/);
  });

  it('fails fast on 403 saying exports need an admin', async () => {
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(403, { error: 'Forbidden', description: 'You do not have access' });
    expect(await failureOf(readAll(tickets().stream))).toMatch(/incremental exports need an admin/);
  });

  it('waits out Retry-After on a 429 before the next request', async () => {
    const { stream, clock } = tickets();
    const times: number[] = [];
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 429, { error: 'APIRateLimitExceeded' }, { 'Retry-After': '42' }))
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 200, fixture('tickets-page-2.json')));
    expect(await readAll(stream)).toHaveLength(1);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(42_000);
  });

  it('retries 500 and 503 with backoff', async () => {
    const { stream, clock } = tickets();
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(500)
      .get(PATH)
      .query(true)
      .reply(503)
      .get(PATH)
      .query(true)
      .reply(200, fixture('tickets-page-2.json'));
    expect(await readAll(stream)).toHaveLength(1);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('retries a connection reset mid-sync', async () => {
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(PATH)
      .query(true)
      .reply(200, fixture('tickets-page-2.json'));
    expect(await readAll(tickets().stream)).toHaveLength(1);
  });

  it('keeps within the export budget instead of meeting a 429', async () => {
    const { stream, clock } = tickets();
    const times: number[] = [];
    const page = (cursor: string, end: boolean) => ({
      ...fixture('tickets-page-2.json'),
      after_cursor: cursor,
      end_of_stream: end,
    });
    nock(ZENDESK)
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 200, page('c1', false)))
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 200, page('c2', false)))
      .get(PATH)
      .query(true)
      .reply(stamp(clock, times, 200, page('c3', true)));
    await readAll(stream, { connection: { ...connection, exportRequestsPerMinute: 2 } });
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(60_000);
  });

  it('says so when the response is not an export page', async () => {
    nock(ZENDESK).get(PATH).query(true).reply(200, { hello: 'world' });
    expect(await failureOf(readAll(tickets().stream))).toMatch(/unexpected shape/);
  });
});
