import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEW } from '../../apps/slack-bot/shortcuts/ids.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { startFakeSocketMode } from './fake-socket.js';
import { NOW, seedTickets } from './fixtures.js';
import { buildHarness, type FakeSlack, signed, slashCommand, startFakeSlack, waitFor } from './harness.js';

describe('hosting: Socket Mode when slack.appToken is set, HTTP otherwise', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
    await seedTickets(store);
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
    await dispose();
  });

  it('without an app token the bot is served at POST /slack/events', async () => {
    const h = buildHarness(store, fake, () => NOW);
    expect(h.bot.mode).toBe('http');
    expect(h.bot.handleHttp).toBeTypeOf('function');
    await h.server.close();
  });

  it('with one it dials Slack (apps.connections.open with the xapp token), acks envelopes over the WebSocket, and serves no HTTP route', async () => {
    const socket = await startFakeSocketMode();
    fake.queue('/api/apps.connections.open', { status: 200, body: { ok: true, url: socket.url } });
    const h = buildHarness(store, fake, () => NOW, { appToken: 'xapp-1-A1-test' });
    try {
      expect(h.bot.mode).toBe('socket');
      expect(h.bot.handleHttp).toBeUndefined();
      await h.bot.start();
      await socket.connection;
      expect(fake.calls('apps.connections.open')[0]?.headers.authorization).toBe('Bearer xapp-1-A1-test');

      // A slash command: acked in its envelope at once, answered at the response_url.
      const command = Object.fromEntries(
        new URLSearchParams(slashCommand('sla', fake.responseUrl('socket'))),
      );
      socket.send({
        envelope_id: 'env-1',
        type: 'slash_commands',
        payload: command,
        accepts_response_payload: true,
      });
      const ack = await waitFor(() => socket.received.find((m) => m.envelope_id === 'env-1'));
      expect(ack.payload).toEqual({});
      const answer = await waitFor(() => fake.received.find((r) => r.path === '/respond/socket'));
      expect(JSON.stringify(answer.body.blocks)).toContain('SLA today');

      // A modal's field errors travel back in the ack envelope, as they do in the HTTP response.
      socket.send({
        envelope_id: 'env-2',
        type: 'interactive',
        accepts_response_payload: true,
        payload: {
          type: 'view_submission',
          user: { id: 'UAGENT', team_id: 'T1' },
          team: { id: 'T1' },
          view: {
            id: 'V1',
            callback_id: VIEW.escalate,
            private_metadata: '{}',
            state: { values: { reason: { reason: { type: 'plain_text_input', value: '' } } } },
          },
        },
      });
      const errors = await waitFor(() => socket.received.find((m) => m.envelope_id === 'env-2'));
      expect(errors.payload).toMatchObject({
        response_action: 'errors',
        errors: { reason: 'Say why it needs escalating.' },
      });

      const route = await h.server.inject({
        method: 'POST',
        url: '/slack/events',
        payload: 'x=1',
        headers: signed('x=1'),
      });
      expect(route.statusCode).toBe(404);
    } finally {
      await h.bot.stop();
      await h.server.close();
      await socket.close();
    }
  });
});
