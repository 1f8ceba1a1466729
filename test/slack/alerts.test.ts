import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postSafely,
  SLACK_API_RETRIES,
  slackFailure,
  webClientOptions,
} from '../../apps/slack-bot/slack-api.js';
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
    const lines: string[] = [];
    const log: typeof silentLog = Object.assign(Object.create(silentLog), {
      error: (obj: { fix?: string }, msg: string) => lines.push(`${msg} ${obj.fix ?? ''}`),
      warn: () => undefined,
      info: () => undefined,
      child: () => log,
    });
    // The bot's WebClient (Bolt's web-api), built with the options the bot uses.
    const client = new webApi.WebClient('xoxb-x', webClientOptions({ apiUrl: fake.apiUrl, log }));
    fake.queue('/api/chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '1' },
    });
    const before = fake.calls('chat.postMessage').length;
    const started = Date.now();
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.calls('chat.postMessage').length - before).toBe(2);
    for (const code of ['channel_not_found', 'not_in_channel', 'invalid_auth']) {
      fake.queue('/api/chat.postMessage', { status: 200, body: { ok: false, error: code } });
      expect(await postSafely({ client, log }, 'C1', { text: 'x', blocks: [] })).toBeNull();
    }
    expect(lines.join('\n')).toMatch(/channel_not_found.*channel id/);
    expect(lines.join('\n')).toMatch(/not_in_channel.*\/invite @casebridge/);
    expect(lines.join('\n')).toMatch(/invalid_auth.*xoxb-/);
    // Past its retries (SLACK_API_RETRIES), the call fails and says how long Slack asked to wait.
    for (let i = 0; i <= SLACK_API_RETRIES; i += 1)
      fake.queue('/api/chat.update', { status: 429, body: {}, headers: { 'retry-after': '1' } });
    const failed = await client.chat.update({ channel: 'C1', ts: '1', text: 'x' }).catch((e: unknown) => e);
    expect(slackFailure(failed)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
  });
});
