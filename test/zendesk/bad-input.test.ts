import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import { manualClock } from '../../shared/http/index.js';
import type { Store } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore } from '../helpers/databases.js';
import { silentLog, zendeskJob } from './helpers.js';
import { connection, ZENDESK } from './stream-harness.js';

const connector = createZendeskConnector({ clock: manualClock(0) });
const ticket = (id: number, extra: Record<string, unknown>) => ({
  id,
  via: { channel: 'email' },
  created_at: '2024-07-16T19:30:04Z',
  updated_at: '2024-07-17T09:12:44Z',
  subject: `Ticket ${id}`,
  description: 'Hello',
  priority: 'normal',
  status: 'open',
  requester_id: 1,
  tags: [],
  custom_fields: [],
  ...extra,
});

describe('bad input from Zendesk, through the runner into the store', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    nock.disableNetConnect();
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => dispose());

  it('stores the odd but valid, quarantines the invalid with masked raw JSON, masks card numbers', async () => {
    const megabyte = 'Ünïcødé 🚀 テスト '.repeat(60_000).slice(0, 1_000_000);
    nock(ZENDESK)
      .get('/api/v2/incremental/tickets/cursor.json')
      .query(true)
      .reply(200, {
        tickets: [
          ticket(1, { priority: null, requester_id: null, organization_id: undefined }),
          ticket(2, { description: megabyte }),
          ticket(3, {
            subject: 'Card 4111 1111 1111 1111 declined',
            description: 'Use 5555-5555-5555-4444 instead',
          }),
          ticket(4, { status: 'exploded', subject: 'Card 4111111111111111 inside a bad record' }),
          ticket(5, {
            custom_fields: [
              { id: 1, value: { a: [1, null, true] } },
              { id: 2, value: 3.5 },
              { id: 3, value: null },
            ],
          }),
          'not even an object',
          ticket(6, { priority: 'critical' }),
        ],
        after_cursor: 'c1',
        end_of_stream: true,
      });
    nock(ZENDESK)
      .get('/api/v2/incremental/ticket_events.json')
      .query(true)
      .reply(200, {
        ticket_events: [
          {
            id: 10,
            ticket_id: 3,
            timestamp: 1721158204,
            created_at: '2024-07-16T19:30:04Z',
            child_events: [
              { id: 11, type: 'Comment', author_id: 1, body: 'my card is 4111 1111 1111 1111', public: true },
            ],
          },
        ],
        next_page: null,
        end_of_stream: true,
        count: 1,
        end_time: 1721158204,
      });
    const job = zendeskJob('bad-input', 'zd', ['tickets', 'comments']);
    const result = await runJob({
      job,
      connection: { ...connection, kind: 'zendesk' },
      connector,
      store,
      log: silentLog,
    });
    expect(result.error).toBeNull();
    expect(result.streams.tickets).toMatchObject({ upserted: 5, quarantined: 2 });
    expect(await store.tickets.get('zd:1')).toMatchObject({
      priority: null,
      sourcePriority: null,
      requesterId: null,
    });
    expect((await store.tickets.get('zd:2'))?.description).toBe(megabyte);
    expect(await store.tickets.get('zd:3')).toMatchObject({
      subject: 'Card **** **** **** 1111 declined',
      description: 'Use ****-****-****-4444 instead',
    });
    expect((await store.tickets.get('zd:5'))?.customFields).toEqual({
      '1': { a: [1, null, true] },
      '2': 3.5,
      '3': null,
    });
    // An unknown priority is kept as the source's word and normalised to null, not guessed.
    expect(await store.tickets.get('zd:6')).toMatchObject({ priority: null, sourcePriority: 'critical' });
    const quarantined = await store.quarantine.list('bad-input');
    expect(quarantined.map((q) => q.externalId)).toEqual(['4', null]);
    expect(quarantined[0]?.reason).toMatch(/unknown Zendesk status "exploded"/);
    expect(JSON.stringify(quarantined[0]?.raw)).toContain('************1111');
    expect(JSON.stringify(quarantined[0]?.raw)).not.toContain('4111111111111111');
    expect(quarantined[1]?.raw).toBe('not even an object');
    const [comment] = await store.comments.listForTicket('zd:3');
    expect(comment?.body).toBe('my card is **** **** **** 1111');
  });
});
