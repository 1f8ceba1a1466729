import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_ESCALATION_BLOCK } from '../../apps/slack-bot/blocks/alerts.js';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import { SHORTCUT, VIEW } from '../../apps/slack-bot/shortcuts/ids.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { aPerson } from '../helpers/records.js';
import { NOW, seedTickets } from './fixtures.js';
import {
  buildHarness,
  type FakeSlack,
  type Harness,
  interactive,
  signed,
  startFakeSlack,
  waitFor,
} from './harness.js';

const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: 'T1' });

describe('buttons, shortcuts, modals and the App Home', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;
  let h: Harness;
  let n = 0;
  const send = async (payload: unknown) => {
    const body = interactive(payload);
    return h.server.inject({ method: 'POST', url: '/slack/events', payload: body, headers: signed(body) });
  };
  const click = async (actionId: string, value: string, userId: string, blockId = 'esc.0') => {
    n += 1;
    const url = fake.responseUrl(`act-${n}`);
    const response = await send({
      type: 'block_actions',
      user: user(userId),
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'acme' },
      container: { type: 'message', message_ts: '1.1', channel_id: 'C-ALERTS', is_ephemeral: false },
      trigger_id: `trig-${n}`,
      channel: { id: 'C-ALERTS', name: 'alerts' },
      response_url: url,
      actions: [{ action_id: actionId, block_id: blockId, type: 'button', value, action_ts: '1.2' }],
    });
    expect(response.statusCode).toBe(200);
    return url.replace(/^.*(\/respond\/)/, '$1');
  };
  const answerAt = (path: string) =>
    waitFor(() => fake.received.find((r) => r.path === path)?.body as Record<string, unknown> | undefined);
  const submit = (
    callbackId: string,
    values: Record<string, Record<string, unknown>>,
    userId = 'UQA',
    meta = '{}',
  ) =>
    send({
      type: 'view_submission',
      user: user(userId),
      team: { id: 'T1' },
      trigger_id: 'trig-view',
      view: { id: 'V1', callback_id: callbackId, private_metadata: meta, state: { values }, hash: 'h' },
      response_urls: [],
    });
  const text = (id: string, value: string) => ({ [id]: { [id]: { type: 'plain_text_input', value } } });
  const choice = (id: string, value: string) => ({
    [id]: { [id]: { type: 'static_select', selected_option: { value } } },
  });

  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
    await seedTickets(store);
    fake = await startFakeSlack();
    h = buildHarness(store, fake, () => NOW);
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
    await dispose();
  });

  it('Acknowledge on an alert updates that message in place, audited; an agent is refused', async () => {
    await h.bot.deps.services.escalations.escalate('101', { level: 1, reason: 'VIP', actor: 'slack:UAGENT' });
    const refused = await answerAt(
      await click('escalation.acknowledge', 'zendesk-main:101', 'UAGENT', ALERT_ESCALATION_BLOCK),
    );
    expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refused.text)).toContain('Sorry, only managers or admins can acknowledge escalations');
    expect(
      (await h.bot.deps.services.escalations.forTicket('zendesk-main:101')).escalation?.acknowledgedBy,
    ).toBeNull();

    const updated = await answerAt(
      await click('escalation.acknowledge', 'zendesk-main:101', 'UMANAGER', ALERT_ESCALATION_BLOCK),
    );
    expect(updated.replace_original).toBe(true);
    const json = JSON.stringify(updated.blocks);
    expect(json).toContain('acknowledged by <@UMANAGER>');
    expect(json).not.toContain('"Acknowledge"');
    assertWithinLimits({ kind: 'message', body: updated as never });
    const audit = await store.auditLog.recent(10);
    expect(audit.map((a) => a.action)).toContain('escalation.acknowledge');
  });

  it('Raise level and Resolve go through the escalation service and redraw the list', async () => {
    const raised = await answerAt(await click('escalation.raise', 'zendesk-main:101', 'UMANAGER'));
    expect(JSON.stringify(raised.blocks)).toContain('(level 2)');
    expect((await h.bot.deps.services.escalations.forTicket('zendesk-main:101')).escalation?.level).toBe(2);
    const resolved = await answerAt(await click('escalation.resolve', 'zendesk-main:101', 'UADMIN'));
    expect(JSON.stringify(resolved.blocks)).toContain('No open escalations');
  });

  it('Escalate opens the modal; Share to channel posts in_channel for managers only', async () => {
    await click('ticket.escalate', 'zendesk-main:103', 'UAGENT', 'sla.atrisk.0');
    const opened = await waitFor(() => fake.calls('views.open').at(-1));
    const view = opened.body.view as {
      callback_id: string;
      blocks: { element?: { initial_value?: string } }[];
    };
    expect(view.callback_id).toBe(VIEW.escalate);
    expect(view.blocks[0]?.element?.initial_value).toBe('zendesk-main:103');
    assertWithinLimits({ kind: 'modal', view: view as never });
    const shared = await answerAt(await click('sla.share', '', 'UMANAGER', 'sla.share'));
    expect(shared.response_type).toBe('in_channel');
    expect(String(shared.text)).toContain('shared by <@UMANAGER>');
    expect(JSON.stringify(shared.blocks)).not.toContain('Share to channel');
  });

  it('the escalate modal returns field errors, then escalates and alerts the channel', async () => {
    const bad = await submit(
      VIEW.escalate,
      { ...text('ticket', '424242'), ...choice('level', '9'), ...text('reason', '') },
      'UAGENT',
    );
    expect(bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        reason: 'Say why it needs escalating.',
        level: 'Pick a level from the list.',
        ticket: 'no ticket 424242 in casebridge.',
      },
    });
    const ok = await submit(
      VIEW.escalate,
      { ...text('ticket', '103'), ...choice('level', '2'), ...text('reason', 'customer threatens to churn') },
      'UAGENT',
    );
    expect(ok.statusCode).toBe(200);
    const alert = await waitFor(() =>
      fake.calls('chat.postMessage').find((c) => c.body.channel === 'C-ALERTS'),
    );
    expect(JSON.stringify(alert.body.blocks)).toContain('Acknowledge');
    expect((await h.bot.deps.services.escalations.forTicket('zendesk-main:103')).escalation?.level).toBe(2);
  });

  it('"Flag for QA review" finds the ticket in the message, and the modal stores a flag with the permalink', async () => {
    const message = `customer says the reply on https://acme.zendesk.com/agent/tickets/102 was rude <@U1> ${'x'.repeat(4000)}`;
    const response = await send({
      type: 'message_action',
      callback_id: SHORTCUT.flagForQa,
      trigger_id: 'trig-qa',
      message_ts: '1700000000.000200',
      message: { type: 'message', text: message, ts: '1700000000.000200', user: 'U5' },
      channel: { id: 'C-WORK', name: 'support' },
      user: user('UQA'),
      team: { id: 'T1', domain: 'acme' },
      response_url: fake.responseUrl('qa-shortcut'),
    });
    expect(response.statusCode).toBe(200);
    const opened = await waitFor(() =>
      fake
        .calls('views.open')
        .find((c) => (c.body.view as { callback_id: string }).callback_id === VIEW.qaFlag),
    );
    const view = opened.body.view as {
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_value?: string } }[];
    };
    assertWithinLimits({ kind: 'modal', view: view as never });
    expect(view.blocks.find((b) => b.block_id === 'ticket')?.element?.initial_value).toBe('102');
    expect(JSON.parse(view.private_metadata)).toEqual({
      channel: 'C-WORK',
      permalink: 'https://acme.slack.com/archives/C1/p1',
    });

    const invalid = await submit(VIEW.qaFlag, {
      ...text('ticket', '102'),
      ...text('reason', 'y'.repeat(3001)),
      ...choice('severity', 'apocalyptic'),
    });
    expect(Object.keys(invalid.json().errors).sort()).toEqual(['reason', 'severity']);
    const ok = await submit(
      VIEW.qaFlag,
      {
        ...text('ticket', '102'),
        ...text('reason', 'rude reply'),
        ...choice('category', 'tone'),
        ...choice('severity', 'high'),
      },
      'UQA',
      view.private_metadata,
    );
    expect(ok.statusCode).toBe(200);
    await waitFor(() => fake.calls('chat.postMessage').find((c) => c.body.channel === 'C-QA'));
    const flags = await store.qaFlags.listForTicket('zendesk-main:102');
    expect(flags[0]).toMatchObject({
      category: 'tone',
      severity: 'high',
      permalink: 'https://acme.slack.com/archives/C1/p1',
      flaggedBy: 'slack:UQA',
    });
  });

  it('the App Home shows QA queue to QA staff and sync health to admins only', async () => {
    const open = async (userId: string) => {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        event_id: `Ev${userId}${Math.random()}`,
        event: { type: 'app_home_opened', user: userId, tab: 'home' },
      });
      const response = await h.server.inject({
        method: 'POST',
        url: '/slack/events',
        payload: body,
        headers: signed(body, { contentType: 'application/json' }),
      });
      expect(response.statusCode).toBe(200);
      const published = await waitFor(() =>
        fake.calls('views.publish').find((c) => c.body.user_id === userId),
      );
      const view = published.body.view as { type: 'home'; blocks: never[] };
      assertWithinLimits({ kind: 'home', view });
      return JSON.stringify(view.blocks);
    };
    const qa = await open('UQA');
    expect(qa).toContain('QA queue');
    expect(qa).not.toContain('Sync');
    const agentBefore = await open('UAGENT');
    expect(agentBefore).toContain('Nothing waiting for you');
    // Slack users are matched to CRM agents by email (the fake users.info says manager@acme.test).
    await store.people.upsertMany([
      aPerson({ source: 'zendesk-main', externalId: 'a1', email: 'manager@acme.test', role: 'agent' }),
    ]);
    const ticket = await store.tickets.get('zendesk-main:103');
    if (ticket === null) throw new Error('seeded ticket missing');
    await store.tickets.upsertMany([
      { ...ticket, assigneeId: 'zendesk-main:a1', updatedAt: '2026-01-05T11:00:00.000Z' },
    ]);
    fake.received.length = 0;
    expect(await open('UAGENT')).toContain('Cannot log in');
    const admin = await open('UADMIN');
    expect(admin).toContain('Sync');
    expect(admin).toContain('Your escalations');
  });

  it('a listener that fails after its ack tells the user at the response_url', async () => {
    fake.queue('/api/views.open', { status: 200, body: { ok: false, error: 'trigger_expired' } });
    const response = await send({
      type: 'message_action',
      callback_id: SHORTCUT.flagForQa,
      trigger_id: 'trig-expired',
      message_ts: '1700000000.000300',
      message: { type: 'message', text: 'ticket 101', ts: '1700000000.000300', user: 'U5' },
      channel: { id: 'C-WORK', name: 'support' },
      user: user('UQA'),
      team: { id: 'T1', domain: 'acme' },
      response_url: fake.responseUrl('failed'),
    });
    expect(response.statusCode).toBe(200);
    const told = await answerAt('/respond/failed');
    expect(told).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(told.text)).toContain('Something went wrong on casebridge’s side');
  });
});
