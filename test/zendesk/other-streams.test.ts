import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../connectors/zendesk/index.js';
import { manualClock } from '../../shared/http/index.js';
import type { StreamDefinition } from '../../shared/sync/index.js';
import { failureOf } from '../helpers/errors.js';
import { fixture, memoryState, readAll, ZENDESK } from './stream-harness.js';

function stream(name: string) {
  const connector = createZendeskConnector({ clock: manualClock(0), minRetryDelayMs: 1000 });
  return connector.streams.find((s) => s.name === name) as StreamDefinition<never, unknown>;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('zendesk people stream', () => {
  it('maps users, removes deleted ones and quarantines unknown roles', async () => {
    const scope = nock(ZENDESK)
      .get('/api/v2/incremental/users/cursor.json')
      .query({ start_time: '1719792000', per_page: '1000' })
      .reply(200, fixture('users-page.json'));
    const [page] = await readAll(stream('people'));
    scope.done();
    expect(page?.records.people).toStrictEqual([
      {
        id: 'zd:20978392',
        source: 'zd',
        externalId: '20978392',
        name: 'Johnny Agent',
        email: 'johnny@example.com',
        phone: '+45 12 34 56 78',
        organizationId: 'zd:509974',
        role: 'agent',
        timeZone: 'Europe/Copenhagen',
      },
      {
        id: 'zd:20978393',
        source: 'zd',
        externalId: '20978393',
        name: 'Kim Customer',
        email: null,
        phone: null,
        organizationId: null,
        role: 'end_user',
        timeZone: 'Eastern Time (US & Canada)',
      },
    ]);
    expect(page?.deletes).toEqual({ people: ['20978394'] });
    expect(page?.quarantined?.[0]?.reason).toMatch(/unknown Zendesk role "superhero"/);
    expect(page?.checkpoint).toEqual({ after_cursor: 'dXNlcnM6MTIz' });
  });
});

describe('zendesk organizations stream (time-based export)', () => {
  it('maps organizations with their domains and tier, deletes the deleted, remembers the last second', async () => {
    nock(ZENDESK)
      .get('/api/v2/incremental/organizations.json')
      .query({ start_time: '1719792000' })
      .reply(200, fixture('organizations-page.json'));
    const [page] = await readAll(stream('organizations'));
    expect(page?.records.organizations).toStrictEqual([
      {
        id: 'zd:509974',
        source: 'zd',
        externalId: '509974',
        name: 'One Organization',
        domains: ['one.example', 'uno.example'],
        tier: 'enterprise',
      },
    ]);
    expect(page?.deletes).toEqual({ organizations: ['509975'] });
    expect(page?.checkpoint).toEqual({ start_time: 1719831600, seen: ['509975'] });
  });

  it('does not write again the items of the second it resumes from', async () => {
    const repeat = { ...fixture('organizations-page.json') };
    repeat.organizations = (repeat.organizations as unknown[]).slice(1);
    const scope = nock(ZENDESK)
      .get('/api/v2/incremental/organizations.json')
      .query({ start_time: '1719831600' })
      .reply(200, repeat);
    const pages = await readAll(stream('organizations'), {
      checkpoint: { start_time: 1719831600, seen: ['509975'] },
    });
    scope.done();
    expect(pages).toEqual([]);
  });

  it('explains a start_time Zendesk rejects on resume', async () => {
    nock(ZENDESK)
      .get('/api/v2/incremental/organizations.json')
      .query(true)
      .reply(422, { error: 'InvalidValue' });
    const message = await failureOf(
      readAll(stream('organizations'), { checkpoint: { start_time: 1, seen: [] } }),
    );
    expect(message).toContain('casebridge jobs reset zd-job --stream organizations');
  });
});

describe('zendesk comments stream (ticket events with comment events)', () => {
  it('keeps public replies and internal notes with author and time, quarantines a comment without body', async () => {
    const scope = nock(ZENDESK)
      .get('/api/v2/incremental/ticket_events.json')
      .query({ start_time: '1719792000', include: 'comment_events' })
      .reply(200, fixture('ticket-events-page.json'));
    const [page] = await readAll(stream('comments'));
    scope.done();
    expect(page?.records.comments).toStrictEqual([
      {
        id: 'zd:926256957615',
        source: 'zd',
        externalId: '926256957615',
        ticketId: 'zd:35436',
        authorId: 'zd:20978392',
        public: true,
        body: 'The fire is very colorful. 4111-1111-1111-1111',
        createdAt: '2024-07-16T19:30:04.000Z',
      },
      {
        id: 'zd:926256957701',
        source: 'zd',
        externalId: '926256957701',
        ticketId: 'zd:35436',
        authorId: 'zd:235323',
        public: false,
        body: 'Internal: called the fire brigade',
        createdAt: '2024-07-16T20:00:00.000Z',
      },
    ]);
    expect(page?.quarantined).toHaveLength(1);
    expect(page?.quarantined?.[0]).toMatchObject({ externalId: '926256957702' });
    expect(page?.quarantined?.[0]?.reason).toMatch(/body/);
    expect(page?.checkpoint).toEqual({ start_time: 1721160000, seen: ['926256957700'] });
  });
});

describe('zendesk sla stream (ticket metric events)', () => {
  it('folds events into native targets: first/next reply, ignored deleted breach, paused wait', async () => {
    const state = memoryState();
    nock(ZENDESK)
      .get('/api/v2/incremental/ticket_metric_events.json')
      .query({ start_time: '1719792000' })
      .reply(200, fixture('ticket-metric-events-page.json'));
    const [page, ...rest] = await readAll(stream('sla'), { state });
    expect(rest).toEqual([]); // next_page: null ends the export
    const byId = Object.fromEntries((page?.records.sla ?? []).map((t) => [t.externalId, t]));
    expect(byId['155:reply_time:1']).toStrictEqual({
      id: 'zd:155:reply_time:1',
      source: 'zd',
      externalId: '155:reply_time:1',
      ticketId: 'zd:155',
      metric: 'first_reply',
      policy: 'Urgent tickets',
      startedAt: '2024-07-16T19:30:04.000Z',
      dueAt: '2024-07-16T20:30:04.000Z',
      stage: 'achieved',
      achievedAt: '2024-07-16T20:00:04.000Z',
      breachedAt: null,
      origin: 'native',
    });
    // Business hours: the due time is unknown until the breach says when it was.
    expect(byId['155:reply_time:2']).toMatchObject({
      metric: 'next_reply',
      stage: 'breached',
      dueAt: '2024-07-17T01:00:00.000Z',
      breachedAt: '2024-07-17T01:00:00.000Z',
    });
    expect(byId['155:requester_wait_time:1']).toMatchObject({
      metric: 'requester_wait',
      stage: 'paused',
      dueAt: '2024-07-17T03:30:04.000Z',
    });
    expect(page?.records.sla).toHaveLength(3);
    expect(page?.quarantined?.[0]?.reason).toMatch(/time: not a timestamp/);
    expect(page?.checkpoint).toEqual({ start_time: 1721178000, seen: ['926232157307'] });
  });

  it('carries a target across runs: applied in one, fulfilled in the next', async () => {
    const state = memoryState();
    const events = (fixture('ticket-metric-events-page.json').ticket_metric_events as { id: number }[]).slice(
      0,
      2,
    );
    nock(ZENDESK)
      .get('/api/v2/incremental/ticket_metric_events.json')
      .query(true)
      .reply(200, { ticket_metric_events: events, next_page: null, count: 2, end_time: 1721158204 });
    const [first] = await readAll(stream('sla'), { state });
    expect(first?.records.sla?.[0]).toMatchObject({ stage: 'active', policy: 'Urgent tickets' });
    const fulfill = {
      id: 926232157304,
      ticket_id: 155,
      metric: 'reply_time',
      instance_id: 1,
      type: 'fulfill',
      time: '2024-07-16T20:00:04Z',
    };
    nock(ZENDESK)
      .get('/api/v2/incremental/ticket_metric_events.json')
      .query({ start_time: '1721158204' })
      .reply(200, { ticket_metric_events: [fulfill], next_page: null, count: 1, end_time: 1721160004 });
    const [second] = await readAll(stream('sla'), { state, checkpoint: first?.checkpoint ?? null });
    expect(second?.records.sla?.[0]).toMatchObject({
      stage: 'achieved',
      policy: 'Urgent tickets',
      startedAt: '2024-07-16T19:30:04.000Z',
      achievedAt: '2024-07-16T20:00:04.000Z',
    });
  });
});
