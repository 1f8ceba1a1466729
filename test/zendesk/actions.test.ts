import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskActions } from '../../connectors/zendesk/actions.js';
import { parseConnection } from '../../connectors/zendesk/config.js';
import { manualClock } from '../../shared/http/index.js';
import { failureOf } from '../helpers/errors.js';
import { silentLog } from './helpers.js';
import { basicAuth, connection, ZENDESK } from './stream-harness.js';

const PATH = '/api/v2/tickets/123.json';
const ok = { ticket: { id: 123 }, audit: { events: [] } };

function actions() {
  const clock = manualClock(0);
  return { actions: createZendeskActions(parseConnection(connection), silentLog, clock), clock };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('zendesk write-back actions (node-zendesk through nock)', () => {
  it('adds an internal note', async () => {
    const scope = nock(ZENDESK, { reqheaders: { authorization: basicAuth } })
      .put(PATH, { ticket: { comment: { body: 'Escalated to L2 — see Slack', public: false } } })
      .reply(200, ok);
    await actions().actions.addInternalNote('123', 'Escalated to L2 — see Slack');
    scope.done();
  });

  it('adds and removes tags, sets the priority', async () => {
    const scope = nock(ZENDESK)
      .put(PATH, { ticket: { additional_tags: ['vip', 'refund'] } })
      .reply(200, ok)
      .put(PATH, { ticket: { remove_tags: ['refund'] } })
      .reply(200, ok)
      .put(PATH, { ticket: { priority: 'urgent' } })
      .reply(200, ok);
    const { actions: a } = actions();
    await a.addTags('123', ['vip', 'refund']);
    await a.removeTags('123', ['refund']);
    await a.setPriority('123', 'urgent');
    scope.done();
  });

  it('marks a ticket escalated with its level tag and a note, in one update', async () => {
    const scope = nock(ZENDESK)
      .put(PATH, {
        ticket: {
          additional_tags: ['casebridge_escalated_l2'],
          comment: { body: 'Breached first reply', public: false },
        },
      })
      .reply(200, ok);
    await actions().actions.markEscalated('123', 2, 'Breached first reply');
    scope.done();
  });

  it('waits for Retry-After on a 429 (which node-zendesk resolves instead of rejecting) and retries', async () => {
    const scope = nock(ZENDESK)
      .put(PATH)
      .reply(
        429,
        { error: 'APIRateLimitExceeded' },
        { 'Retry-After': '7', 'content-type': 'application/json' },
      )
      .put(PATH)
      .reply(200, ok);
    const { actions: a, clock } = actions();
    await a.setPriority('123', 'high');
    scope.done();
    expect(clock.sleeps).toEqual([7000]);
  });

  it('does not post a note twice when Zendesk fails with a 5xx, but retries idempotent tag updates', async () => {
    nock(ZENDESK).put(PATH).reply(500, { error: 'boom' });
    const { actions: a } = actions();
    expect(await failureOf(a.addInternalNote('123', 'hi'))).toMatch(
      /Zendesk refused to add a note on ticket 123/,
    );
    const scope = nock(ZENDESK).put(PATH).reply(502, { error: 'boom' }).put(PATH).reply(200, ok);
    await a.addTags('123', ['x']);
    scope.done();
  });

  it.each([
    [401, /bad credentials/],
    [403, /may not edit this ticket/],
    [404, /no such ticket/],
    [422, /closed tickets cannot be changed/],
  ])('explains a %i', async (status, message) => {
    nock(ZENDESK).put(PATH).reply(status, { error: 'Nope' });
    expect(await failureOf(actions().actions.setPriority('123', 'low'))).toMatch(message);
  });

  it('refuses a ticket id that is not Zendesk’s', async () => {
    expect(await failureOf(actions().actions.setPriority('500Kx000001', 'low'))).toMatch(
      /not a Zendesk ticket id/,
    );
  });
});
