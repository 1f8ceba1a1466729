import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConnection } from '../../connectors/zendesk/config.js';
import { fetchZendeskTicket, zendeskConnector } from '../../connectors/zendesk/index.js';
import { manualClock } from '../../shared/http/index.js';
import { failureOf } from '../helpers/errors.js';
import { silentLog } from '../zendesk/helpers.js';
import { basicAuth, connection, memoryState, ZENDESK } from '../zendesk/stream-harness.js';

const context = () => ({ log: silentLog, state: memoryState() });
const fetchTicket = (id: string) =>
  fetchZendeskTicket(parseConnection(connection), id, context(), { clock: manualClock(0) });

/** Show Ticket with `include=users,organizations`, in Zendesk's shape (trimmed to typical fields). */
const SHOW_TICKET = {
  ticket: {
    url: 'https://acme.zendesk.com/api/v2/tickets/4711.json',
    id: 4711,
    external_id: null,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: '2026-03-10T11:59:40Z',
    updated_at: '2026-03-10T11:59:40Z',
    type: 'incident',
    subject: 'Charged twice on 4111 1111 1111 1111',
    raw_subject: 'Charged twice on 4111 1111 1111 1111',
    description: 'Please refund one of them.',
    priority: 'high',
    status: 'new',
    requester_id: 20978393,
    submitter_id: 20978393,
    assignee_id: 20978392,
    organization_id: 509974,
    group_id: 360001,
    collaborator_ids: [],
    tags: ['billing', 'casebridge_escalated_l1'],
    custom_fields: [{ id: 360001000, value: 'billing' }],
    satisfaction_rating: { score: 'unoffered' },
    generated_timestamp: 1773143980,
  },
  users: [
    {
      id: 20978393,
      url: 'https://acme.zendesk.com/api/v2/users/20978393.json',
      name: 'Kim Customer',
      email: 'kim@one.example',
      phone: null,
      role: 'end-user',
      organization_id: 509974,
      time_zone: 'Copenhagen',
      iana_time_zone: 'Europe/Copenhagen',
      active: true,
      created_at: '2026-03-10T11:59:40Z',
      updated_at: '2026-03-10T11:59:40Z',
    },
    {
      id: 20978392,
      name: 'Johnny Agent',
      email: 'johnny@acme.example',
      role: 'agent',
      organization_id: null,
      active: true,
      updated_at: '2024-07-11T13:49:16Z',
    },
  ],
  organizations: [
    {
      id: 509974,
      name: 'One Organization',
      domain_names: ['one.example'],
      organization_fields: { tier: 'enterprise' },
      created_at: '2024-02-01T17:45:32Z',
      updated_at: '2024-07-01T10:00:00Z',
      deleted_at: null,
    },
  ],
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('zendesk fetchTicket (Show Ticket through nock)', () => {
  it('is a member of the registered connector', () => {
    expect(typeof zendeskConnector.fetchTicket).toBe('function');
  });

  it('reads one ticket with its users and organization in one request, mapped like the streams', async () => {
    nock(ZENDESK, { reqheaders: { authorization: basicAuth } })
      .get('/api/v2/tickets/4711.json')
      .query({ include: 'users,organizations' })
      .reply(200, SHOW_TICKET);
    const fetched = await fetchTicket('4711');
    expect(fetched?.tickets).toHaveLength(1);
    expect(fetched?.tickets[0]).toMatchObject({
      id: 'zd:4711',
      source: 'zd',
      externalId: '4711',
      url: 'https://acme.zendesk.com/agent/tickets/4711',
      status: 'new',
      priority: 'high',
      channel: 'web',
      requesterId: 'zd:20978393',
      organizationId: 'zd:509974',
      assigneeId: 'zd:20978392',
      isEscalated: true,
      customFields: { '360001000': 'billing' },
      createdAt: '2026-03-10T11:59:40.000Z',
      // Not in Show Ticket: the next sync brings the metric set.
      firstRespondedAt: null,
      // The connector does not mask; whoever stores does.
      subject: 'Charged twice on 4111 1111 1111 1111',
    });
    expect(fetched?.people.map((p) => [p.id, p.role, p.email, p.timeZone])).toEqual([
      ['zd:20978393', 'end_user', 'kim@one.example', 'Europe/Copenhagen'],
      ['zd:20978392', 'agent', 'johnny@acme.example', null],
    ]);
    expect(fetched?.organizations).toEqual([
      {
        id: 'zd:509974',
        source: 'zd',
        externalId: '509974',
        name: 'One Organization',
        domains: ['one.example'],
        tier: 'enterprise',
      },
    ]);
    expect(fetched?.quarantined).toEqual([]);
  });

  it('is null when Zendesk has no such ticket (404), or says it is deleted', async () => {
    nock(ZENDESK)
      .get('/api/v2/tickets/999.json')
      .query(true)
      .reply(404, { error: 'RecordNotFound', description: 'Not found' });
    expect(await fetchTicket('999')).toBeNull();
    nock(ZENDESK)
      .get('/api/v2/tickets/4711.json')
      .query(true)
      .reply(200, { ...SHOW_TICKET, ticket: { ...SHOW_TICKET.ticket, status: 'deleted' } });
    expect(await fetchTicket('4711')).toBeNull();
  });

  it('is null without a request for an id Zendesk cannot have', async () => {
    for (const id of ['abc', '0', '12/../../users/me', '-3', '']) expect(await fetchTicket(id)).toBeNull();
  });

  it('fails with the credentials error on a 401, without retrying', async () => {
    nock(ZENDESK)
      .get('/api/v2/tickets/4711.json')
      .query(true)
      .once()
      .reply(401, { error: "Couldn't authenticate you" });
    const error = await fetchTicket('4711').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http.unauthorized', status: 401 });
    expect(await failureOf(Promise.reject(error))).toContain('Zendesk rejected the credentials (401');
  });

  it('quarantines a malformed ticket or user with the reason, keeping the rest', async () => {
    nock(ZENDESK)
      .get('/api/v2/tickets/4711.json')
      .query(true)
      .reply(200, {
        ...SHOW_TICKET,
        ticket: { ...SHOW_TICKET.ticket, status: 'exploded' },
        users: [...SHOW_TICKET.users, { id: 5, role: 'superhero', updated_at: '2024-07-11T13:49:16Z' }],
      });
    const fetched = await fetchTicket('4711');
    expect(fetched?.tickets).toEqual([]);
    expect(fetched?.people).toHaveLength(2);
    expect(fetched?.quarantined?.map((q) => q.externalId)).toEqual(['4711', '5']);
    expect(fetched?.quarantined?.[0]?.reason).toContain('unknown Zendesk status "exploded"');
  });
});
