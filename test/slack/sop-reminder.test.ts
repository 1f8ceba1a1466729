import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWeek, REMINDER_STATE } from '../../apps/slack-bot/alerts/sop-reminder.js';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import type { MessageBody } from '../../apps/slack-bot/blocks/types.js';
import { SopConfig } from '../../shared/config/sections/sop.js';
import { reindexSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { sopFolder, sopText } from '../sop/corpus.js';
import { buildHarness, type FakeSlack, type Harness, startFakeSlack } from './harness.js';

const MONDAY_0859 = new Date('2026-01-05T08:59:00.000Z');
const MONDAY_0900 = new Date('2026-01-05T09:00:00.000Z');

/** Owners as teams write them: emails (one unknown to Slack), a Slack id, and a team name. */
const LIBRARY = {
  'refund.md': sopText({
    id: 'refund',
    title: 'Refund request',
    owner: 'billing@acme.test',
    lastVerified: '2025-06-01',
    body: '1. Check the order.',
  }),
  'chargeback.md': sopText({ id: 'chargeback', title: 'Chargeback', owner: 'Billing@acme.test', body: 'x' }),
  'deletion.md': sopText({
    id: 'deletion',
    title: 'Data deletion',
    owner: 'privacy@acme.test',
    lastVerified: '2025-01-01',
    body: '1. Do the steps.',
  }),
  'handover.md': sopText({
    id: 'handover',
    title: 'Shift handover',
    owner: 'UOPSLEAD',
    lastVerified: '2025-01-01',
    body: '1. Do the steps.',
  }),
  'outage.md': sopText({
    id: 'outage',
    title: 'Outage',
    owner: 'Support team',
    lastVerified: '2025-01-01',
    body: 'x',
  }),
  'fresh.md': sopText({
    id: 'fresh',
    title: 'Fresh',
    owner: 'fresh@acme.test',
    lastVerified: '2026-01-01',
    body: 'x',
  }),
};

describe('when the weekly reminder is due', () => {
  const monday = { day: 'mon', time: '09:00' } as const;
  it('from the configured local day and time, for 24 hours', () => {
    expect(dueWeek(MONDAY_0859, 'UTC', monday)).toBeNull();
    expect(dueWeek(MONDAY_0900, 'UTC', monday)).toBe('2026-01-05');
    expect(dueWeek(new Date('2026-01-06T08:59:00Z'), 'UTC', monday)).toBe('2026-01-05');
    expect(dueWeek(new Date('2026-01-06T09:00:00Z'), 'UTC', monday)).toBeNull();
    expect(dueWeek(new Date('2026-01-09T12:00:00Z'), 'UTC', monday)).toBeNull();
  });
  it('in the SLA time zone, across the date line and a daylight-saving change', () => {
    const tuesday = { day: 'tue', time: '09:00' } as const;
    expect(dueWeek(new Date('2026-01-06T07:59:00Z'), 'Europe/Berlin', tuesday)).toBeNull();
    expect(dueWeek(new Date('2026-01-06T08:00:00Z'), 'Europe/Berlin', tuesday)).toBe('2026-01-06');
    // Sunday 23:30 in New York is already Monday in UTC: not due until Monday 09:00 there.
    expect(dueWeek(new Date('2026-01-05T04:30:00Z'), 'America/New_York', monday)).toBeNull();
    expect(dueWeek(new Date('2026-01-05T14:00:00Z'), 'America/New_York', monday)).toBe('2026-01-05');
    // Europe's clocks go forward on Sunday 29 March 2026: Monday 09:00 CEST is 07:00 UTC.
    expect(dueWeek(new Date('2026-03-30T07:00:00Z'), 'Europe/Berlin', monday)).toBe('2026-03-30');
  });
});

describe.each(await storeKinds())('the weekly SOP review reminder on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;
  let h: Harness;
  let now = MONDAY_0859;
  const dms = (user: string) => fake.calls('chat.postMessage').filter((c) => c.body.channel === user);
  const alerts = () => fake.calls('chat.postMessage').filter((c) => c.body.channel === 'C-ALERTS');
  /** users.lookupByEmail answers in the order owners are reminded (alphabetical). */
  const queueLookups = () => {
    fake.queue('/api/users.lookupByEmail', { status: 200, body: { ok: true, user: { id: 'UBILLING' } } });
    fake.queue('/api/users.lookupByEmail', { status: 200, body: { ok: false, error: 'users_not_found' } });
  };

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    expect((await reindexSops(store, sopFolder(LIBRARY))).errors).toEqual([]);
    fake = await startFakeSlack();
    h = buildHarness(store, fake, () => now);
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
    await dispose();
  });

  it('DMs each owner their stale SOPs at Monday 09:00 and lists the owners it cannot reach', async () => {
    await h.bot.sopReminder.tick();
    expect(fake.calls('chat.postMessage')).toHaveLength(0);

    now = MONDAY_0900;
    queueLookups();
    await h.bot.sopReminder.tick();
    expect(fake.calls('users.lookupByEmail').map((c) => c.body.email)).toEqual([
      'billing@acme.test',
      'privacy@acme.test',
    ]);
    const [billing] = dms('UBILLING');
    expect(billing?.body.text).toBe('SOPs to re-verify: 2 SOPs you own need review');
    const billingJson = JSON.stringify(billing?.body.blocks);
    expect(billingJson).toContain('*Chargeback* (`chargeback`): never verified');
    expect(billingJson).toMatch(/\*Refund request\* \(`refund`\): \d+ days overdue/);
    expect(billingJson).toContain('"action_id":"sop.verify","value":"refund"');
    expect(dms('UOPSLEAD')).toHaveLength(1);
    expect(JSON.stringify(dms('UOPSLEAD')[0]?.body.blocks)).toContain('Shift handover');
    for (const dm of [...dms('UBILLING'), ...dms('UOPSLEAD')])
      assertWithinLimits({ kind: 'message', body: dm.body as unknown as MessageBody });

    expect(alerts()).toHaveLength(1);
    const fallback = JSON.stringify(alerts()[0]?.body.blocks);
    expect(fallback).toContain('*privacy@acme.test* (no Slack user has this email)');
    expect(fallback).toContain('*Support team* (not an email or a Slack user id)');
    expect(fallback).not.toContain('fresh');
    expect(fake.calls('chat.postMessage')).toHaveLength(3);
    const [audit] = await store.auditLog.recent(1);
    expect(audit).toMatchObject({ action: 'sop.reminder', target: '2026-01-05' });
    expect(audit?.details).toMatchObject({ dmed: ['billing@acme.test', 'UOPSLEAD'], stale: 5 });
  });

  it('is not sent twice that week: not on the next tick, nor by a restarted process', async () => {
    now = new Date('2026-01-05T09:05:00.000Z');
    await h.bot.sopReminder.tick();
    const restarted = buildHarness(store, fake, () => new Date('2026-01-05T15:00:00.000Z'));
    await restarted.bot.sopReminder.tick();
    await restarted.server.close();
    expect(fake.calls('chat.postMessage')).toHaveLength(3);
    expect(fake.calls('users.lookupByEmail')).toHaveLength(2);
  });

  it('a run cut short resumes without DMing the owners already reminded', async () => {
    now = new Date('2026-01-12T09:30:00.000Z');
    await store.connectorState.set(REMINDER_STATE.connection, REMINDER_STATE.key, {
      week: '2026-01-12',
      done: ['billing@acme.test'],
      finished: false,
    });
    fake.queue('/api/users.lookupByEmail', { status: 200, body: { ok: false, error: 'users_not_found' } });
    const lookups = fake.calls('users.lookupByEmail').length;
    await h.bot.sopReminder.tick();
    expect(
      fake
        .calls('users.lookupByEmail')
        .slice(lookups)
        .map((c) => c.body.email),
    ).toEqual(['privacy@acme.test']);
    expect(JSON.stringify(alerts().at(-1)?.body.blocks)).not.toContain('billing@acme.test');
    expect(dms('UBILLING')).toHaveLength(1);
    expect(dms('UOPSLEAD')).toHaveLength(2);
    expect(alerts()).toHaveLength(2);
    expect(await store.connectorState.get(REMINDER_STATE.connection, REMINDER_STATE.key)).toMatchObject({
      week: '2026-01-12',
      finished: true,
    });
  });

  it('a failed DM puts the owner on the fallback list; sop.reminder: false turns it off', async () => {
    now = new Date('2026-01-19T09:00:00.000Z');
    fake.queue('/api/users.lookupByEmail', { status: 200, body: { ok: true, user: { id: 'UBILLING' } } });
    fake.queue('/api/users.lookupByEmail', { status: 200, body: { ok: false, error: 'users_not_found' } });
    fake.queue('/api/chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    await h.bot.sopReminder.tick();
    const fallback = JSON.stringify(alerts().at(-1)?.body.blocks);
    expect(fallback).toContain('*billing@acme.test* (the direct message failed (see the log))');

    const sent = fake.calls('chat.postMessage').length;
    h.config.sop = SopConfig.parse({ reminder: false });
    now = new Date('2026-01-26T09:00:00.000Z');
    await h.bot.sopReminder.tick();
    expect(fake.calls('chat.postMessage')).toHaveLength(sent);

    h.config.sop = SopConfig.parse({ reminder: { day: 'tue', time: '10:30' } });
    await h.bot.sopReminder.tick();
    expect(fake.calls('chat.postMessage')).toHaveLength(sent);
    now = new Date('2026-01-27T10:30:00.000Z');
    queueLookups();
    await h.bot.sopReminder.tick();
    expect(fake.calls('chat.postMessage')).toHaveLength(sent + 3);
  });
});
