import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import { SOP_VIEW } from '../../apps/slack-bot/blocks/sop-document.js';
import type { Block, MessageBody, ModalView } from '../../apps/slack-bot/blocks/types.js';
import { reindexSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { sopText } from '../sop/corpus.js';
import {
  buildHarness,
  type FakeSlack,
  type Harness,
  interactive,
  SECRET,
  signed,
  slashCommand,
  startFakeSlack,
  waitFor,
} from './harness.js';

/** Every example SOP is past its review interval by then (the refund one was verified 2026-01-12). */
const NOW = new Date('2026-06-01T12:00:00.000Z');
const LIBRARY = join(import.meta.dirname, '..', '..', 'sops');
const GENERIC_FAILURE = 'Something went wrong';

const sectionTexts = (body: { blocks?: unknown }) =>
  ((body.blocks ?? []) as Block[]).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const buttonsOf = (body: { blocks?: unknown }) =>
  ((body.blocks ?? []) as Block[]).flatMap((b) => (b.type === 'actions' ? b.elements : []));

describe.each(await storeKinds())('Slack SOP lookup on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;
  let h: Harness;
  let n = 0;

  /** Posts a signed request; returns where its answer (response_url) will arrive. */
  const post = async (body: string, headers = signed(body)) =>
    h.server.inject({ method: 'POST', url: '/slack/events', payload: body, headers });
  const answerAt = (path: string) =>
    waitFor(() => fake.received.find((r) => r.path === path)?.body as Record<string, unknown> | undefined);

  const command = async (text: string, user = 'UAGENT') => {
    const path = `/respond/cmd-${++n}`;
    const response = await post(slashCommand(text, fake.responseUrl(`cmd-${n}`), user));
    expect(response.statusCode).toBe(200);
    return answerAt(path);
  };

  const click = async (actionId: string, value: string, user: string) => {
    const path = `/respond/act-${++n}`;
    const response = await post(
      interactive({
        type: 'block_actions',
        user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
        api_app_id: 'A1',
        team: { id: 'T1', domain: 'acme' },
        container: { type: 'message', message_ts: '1.1', channel_id: 'C-WORK', is_ephemeral: true },
        trigger_id: `trigger-${n}`,
        channel: { id: 'C-WORK', name: 'support' },
        response_url: fake.responseUrl(`act-${n}`),
        actions: [{ action_id: actionId, block_id: 'sop.hit.0', type: 'button', value, action_ts: '1.2' }],
      }),
    );
    expect(response.statusCode).toBe(200);
    return { path, trigger: `trigger-${n}` };
  };

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    const folder = mkdtempSync(join(tmpdir(), 'casebridge-slack-sops-'));
    cpSync(LIBRARY, folder, { recursive: true });
    writeFileSync(
      join(folder, 'shift-handover.md'),
      sopText({
        id: 'shift-handover',
        title: 'Shift handover',
        owner: 'UOPSLEAD',
        lastVerified: '2025-01-01',
        body: '1. Write down the open escalations.\n2. Hand the pager over.',
      }),
    );
    const indexed = await reindexSops(store, folder, { now: NOW });
    expect(indexed.errors).toEqual([]);
    fake = await startFakeSlack();
    h = buildHarness(store, fake, () => NOW);
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
    await dispose();
  });

  it('a signed `/casebridge sop refund` answers ranked Block Kit results, the refund SOP first', async () => {
    const answer = await command('sop refund');
    assertWithinLimits({ kind: 'message', body: answer as unknown as MessageBody });
    expect(answer.response_type).toBe('ephemeral');
    const texts = sectionTexts(answer);
    expect(texts[0]).toBe('*SOPs for* _refund_, best match first:');
    expect(texts[1]).toMatch(/^\*1\. Refund request\* {2}:warning: \*needs review\*\n….*\*refund/i);
    expect(texts.slice(1).length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(answer.blocks)).toContain(
      'Owner: billing-lead@acme.example · v2.3 · verified 2026-01-12',
    );
    const first = buttonsOf(answer).slice(0, 3);
    expect(first.map((b) => [b.action_id, 'value' in b ? b.value : undefined])).toEqual([
      ['sop.show', 'refund-request'],
      ['sop.post', 'refund-request'],
      ['sop.verify', 'refund-request'],
    ]);
    expect(String(answer.text)).toMatch(/^SOPs for "refund": 1\. Refund request \(needs review\)/);
  });

  it('refuses people without a role, and a forged or stale signature gets 401 and runs nothing', async () => {
    const refused = await command('sop refund', 'UNOBODY');
    expect(String(refused.text)).toContain(
      'Sorry, only agents or managers or QA staff or admins can look up SOPs',
    );

    const before = fake.received.length;
    const body = slashCommand('sop refund', fake.responseUrl('forged'), 'UAGENT');
    expect((await post(body, signed(body, { secret: `${SECRET}-not` }))).statusCode).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await post(body, signed(body, { ts: old }))).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.received.length).toBe(before);
  });

  it('hostile and empty queries get a friendly note, never an error, and nothing unescaped', async () => {
    const cases: [string, RegExp][] = [
      ['sop', /^Say what to look for/],
      ['sop    ', /^Say what to look for/],
      ['sop """ *** ^ : ( ) NEAR AND OR NOT -', /^There are no words to search for/],
      [`sop ${'refund '.repeat(60)}`, /^:warning: That is \d+ characters/],
      [
        'sop refund" OR 1=1; -- drop table sops',
        /^SOPs for "refund" OR 1=1; -- drop table sops": 1\. Refund request/,
      ],
      ['sop <!channel> <@U999> refund', /^SOPs for "&lt;!channel&gt; &lt;@U999&gt; refund"/],
      ['sop R&amp;D refund &lt;b&gt;', /^SOPs for "R&amp;D refund &lt;b&gt;"/],
      ['sop \u0000refund\u0007 💸', /^SOPs for /],
      ['sop zzqxv', /^No SOP matches _zzqxv_/],
      // An unclosed quote makes the rest one phrase (the service's rule): no SOP has it, and it says so.
      ['sop "unclosed phrase refund', /^No SOP matches _"unclosed phrase refund_/],
    ];
    for (const [text, expected] of cases) {
      const answer = await command(text);
      expect(String(answer.text), text).toMatch(expected);
      expect(String(answer.text)).not.toContain(GENERIC_FAILURE);
      const json = JSON.stringify(answer);
      for (const raw of ['<!channel>', '<@U999>']) expect(json, text).not.toContain(raw);
      assertWithinLimits({ kind: 'message', body: answer as unknown as MessageBody });
    }
  });

  it('Show opens a modal with the steps; a removed SOP or a reader without a role gets a note', async () => {
    const { trigger } = await click('sop.show', 'refund-request', 'UAGENT');
    const opened = await waitFor(() => fake.calls('views.open').find((c) => c.body.trigger_id === trigger));
    const view = opened.body.view as ModalView;
    expect(view.callback_id).toBe(SOP_VIEW);
    assertWithinLimits({ kind: 'modal', view });
    const text = sectionTexts(view).join('\n');
    expect(text).toContain('*Needs review:*');
    expect(text).toContain('1. Find the order or invoice in the billing console');

    const gone = await answerAt((await click('sop.show', 'no-such-sop', 'UAGENT')).path);
    expect(String(gone.text)).toContain('is no longer in the library');
    const refused = await click('sop.show', 'refund-request', 'UNOBODY');
    expect(String((await answerAt(refused.path)).text)).toContain('can look up SOPs');
    expect(fake.calls('views.open').some((c) => c.body.trigger_id === refused.trigger)).toBe(false);
  });

  it('Post to channel posts the summary and steps in the channel, attributed to who shared it', async () => {
    const posted = await answerAt((await click('sop.post', 'refund-request', 'UQA')).path);
    expect(posted).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(posted.text).toBe('SOP: Refund request (needs review), shared by <@UQA>');
    assertWithinLimits({ kind: 'message', body: posted as unknown as MessageBody });
    const text = sectionTexts(posted).join('\n');
    expect(text).toContain('Use this when a customer asks for their money back');
    expect(text).toMatch(/\*Steps\*\n1\. Find the order/);
    expect(buttonsOf(posted).map((b) => b.action_id)).toEqual(['sop.show']);
  });

  it('Mark verified: the owner (by profile email or Slack id) and managers may; anyone else is refused', async () => {
    const before = (await store.sops.get('chargeback-card-data'))?.lastVerified;
    const refused = await answerAt((await click('sop.verify', 'chargeback-card-data', 'UAGENT')).path);
    expect(String(refused.text)).toContain(
      "Sorry, only the SOP's owner (billing-lead@acme.example), managers or admins can mark *Chargeback",
    );
    expect((await store.sops.get('chargeback-card-data'))?.lastVerified).toBe(before);

    fake.queue('/api/users.info', {
      status: 200,
      body: { ok: true, user: { id: 'UBILL', profile: { email: 'Billing-Lead@acme.example' } } },
    });
    const verified = await answerAt((await click('sop.verify', 'refund-request', 'UBILL')).path);
    expect(verified.text).toBe(
      ':white_check_mark: Marked *Refund request* (v2.3) verified; the next review is due 2026-08-30.',
    );
    expect((await store.sops.get('refund-request'))?.lastVerified).toBe(NOW.toISOString());
    const again = await command('sop refund');
    expect(sectionTexts(again)[1]).toMatch(/^\*1\. Refund request\*\n/);
    expect(
      buttonsOf(again)
        .slice(0, 3)
        .map((b) => b.action_id),
    ).toEqual(['sop.show', 'sop.post', 'sop.show']);

    const infoCalls = fake.calls('users.info').length;
    const byId = await answerAt((await click('sop.verify', 'shift-handover', 'UOPSLEAD')).path);
    expect(String(byId.text)).toContain('Marked *Shift handover* (v1) verified');
    expect(fake.calls('users.info').length).toBe(infoCalls);

    const manager = await answerAt((await click('sop.verify', 'outage-communication', 'UMANAGER')).path);
    expect(String(manager.text)).toContain('Marked *Outage communication');

    fake.queue('/api/users.info', { status: 200, body: { ok: false, error: 'user_not_found' } });
    const unknown = await answerAt((await click('sop.verify', 'chargeback-card-data', 'UGHOST')).path);
    expect(String(unknown.text)).toContain("Sorry, only the SOP's owner");
  });
});
