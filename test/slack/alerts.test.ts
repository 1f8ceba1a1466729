import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApi, SlackApiError } from '../../apps/slack-bot/runtime/web-api.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { anSlaTarget } from '../helpers/records.js';
import { NOW, seedTickets } from './fixtures.js';
import { buildHarness, type FakeSlack, type Harness, silentLog, startFakeSlack } from './harness.js';

describe('alerts, digest and Web API errors', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;
  let h: Harness;
  let now = NOW;
  const posts = () => fake.calls('chat.postMessage').filter((c) => c.body.channel === 'C-ALERTS');

  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
    await seedTickets(store);
    fake = await startFakeSlack();
    h = buildHarness(store, fake, () => now, { breachAlertEvery: '15m', digest: { time: '08:30' } });
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
    await dispose();
  });

  it('learns what exists first, then alerts new escalations and batches breaches per group per interval', async () => {
    const monitor = h.bot.monitor;
    await monitor.tick();
    const digest = posts().filter((p) => String(p.body.text).includes('digest'));
    expect(digest).toHaveLength(1);
    expect(posts()).toHaveLength(1);

    await h.bot.deps.services.escalations.escalate('103', {
      level: 1,
      reason: 'angry',
      actor: 'slack:UAGENT',
    });
    await store.slaTargets.upsertMany([
      anSlaTarget({
        source: 'zendesk-main',
        externalId: 'n1',
        ticketId: 'zendesk-main:103',
        dueAt: '2026-01-05T11:50:00.000Z',
        metric: 'next_reply',
      }),
    ]);
    await monitor.tick();
    const texts = posts().map((p) => String(p.body.text));
    expect(texts.filter((t) => t.startsWith('Escalation: ticket 103'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('SLA breaches in'))).toHaveLength(1);

    // A second breach in the same group 5 minutes later waits for the interval.
    await store.slaTargets.upsertMany([
      anSlaTarget({
        source: 'zendesk-main',
        externalId: 'n2',
        ticketId: 'zendesk-main:103',
        dueAt: '2026-01-05T12:02:00.000Z',
        metric: 'resolution',
      }),
    ]);
    now = new Date(NOW.getTime() + 5 * 60_000);
    await monitor.tick();
    expect(posts().filter((p) => String(p.body.text).includes('SLA breaches in'))).toHaveLength(1);
    now = new Date(NOW.getTime() + 16 * 60_000);
    await monitor.tick();
    expect(posts().filter((p) => String(p.body.text).includes('SLA breaches in'))).toHaveLength(2);
    expect(posts().filter((p) => String(p.body.text).includes('digest'))).toHaveLength(1);
  });

  it('waits for Retry-After on rate_limited, and explains channel_not_found, not_in_channel and invalid_auth', async () => {
    const slept: number[] = [];
    const lines: string[] = [];
    const log = Object.assign(Object.create(silentLog), {
      error: (obj: { fix?: string }, msg: string) => lines.push(`${msg} ${obj.fix ?? ''}`),
      warn: () => undefined,
    });
    const api = createWebApi({
      token: 'xoxb-x',
      apiUrl: fake.apiUrl,
      log,
      sleep: async (ms) => void slept.push(ms),
    });
    fake.queue('/api/chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '3' },
    });
    await api.postMessage({ channel: 'C1', text: 'x' });
    expect(slept).toEqual([3000]);
    for (const code of ['channel_not_found', 'not_in_channel', 'invalid_auth']) {
      fake.queue('/api/chat.postMessage', { status: 200, body: { ok: false, error: code } });
      await expect(api.postMessage({ channel: 'C1', text: 'x' })).rejects.toBeInstanceOf(SlackApiError);
    }
    expect(lines.join('\n')).toMatch(/channel_not_found.*channel id/);
    expect(lines.join('\n')).toMatch(/not_in_channel.*\/invite @casebridge/);
    expect(lines.join('\n')).toMatch(/invalid_auth.*xoxb-/);
    for (let i = 0; i < 3; i += 1)
      fake.queue('/api/chat.update', { status: 429, body: {}, headers: { 'retry-after': '1' } });
    await expect(api.update({ channel: 'C1', ts: '1', text: 'x' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 1,
    });
  });
});
