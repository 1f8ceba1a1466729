import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import type { Block } from '../../apps/slack-bot/blocks/types.js';
import { slackSignature, verifySlackSignature } from '../../apps/slack-bot/verify.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { EVIL_SUBJECT, NOW, seedTickets } from './fixtures.js';
import {
  buildHarness,
  type FakeSlack,
  type Harness,
  interactive,
  signed,
  slashCommand,
  startFakeSlack,
  waitFor,
} from './harness.js';

const VECTOR_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('Slack request signatures', () => {
  it("matches Slack's documented test vector", () => {
    const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', VECTOR_BODY)).toBe(expected);
    const base = {
      signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
      timestamp: '1531420618',
      rawBody: VECTOR_BODY,
    };
    expect(verifySlackSignature({ ...base, signature: expected, nowMs: 1531420618_000 + 299_000 })).toEqual({
      ok: true,
    });
    expect(verifySlackSignature({ ...base, signature: expected, nowMs: 1531420618_000 + 301_000 }).ok).toBe(
      false,
    );
    expect(
      verifySlackSignature({ ...base, signature: expected.replace('a2', 'b2'), nowMs: 1531420618_000 }).ok,
    ).toBe(false);
    expect(verifySlackSignature({ ...base, signature: undefined, nowMs: 1531420618_000 }).ok).toBe(false);
  });
});

describe('POST /slack/events', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let fake: FakeSlack;
  let h: Harness;
  let n = 0;
  const post = (body: string, headers: Record<string, string>) =>
    h.server.inject({ method: 'POST', url: '/slack/events', payload: body, headers });
  /** Sends a signed `/casebridge <text>` and returns what reached its response_url. */
  const command = async (text: string, user = 'UMANAGER') => {
    n += 1;
    const url = fake.responseUrl(`cmd-${n}`);
    const body = slashCommand(text, url, user);
    const response = await post(body, signed(body));
    expect(response.statusCode).toBe(200);
    const answer = await waitFor(() => fake.received.find((r) => r.path === `/respond/cmd-${n}`));
    return answer.body as { text: string; blocks: Block[]; response_type: string };
  };

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

  it('acks a signed sla command at once and answers with Block Kit at the response_url', async () => {
    const answer = await command('sla');
    expect(answer.response_type).toBe('ephemeral');
    assertWithinLimits({ kind: 'message', body: answer });
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('SLA today (2026-01-05)');
    expect(json).toContain('Open in Zendesk');
    expect(json).toContain('https://acme.zendesk.com/agent/tickets/101');
    expect(json).toContain('Share to channel');
    expect(answer.text).toMatch(/2 breached, 1 at risk/);
  });

  it('escapes CRM text: a ticket subject cannot mention, link or notify', async () => {
    const json = JSON.stringify((await command('sla')).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U999>');
    expect(json).not.toContain('<https://evil.example');
    expect(json).toContain(
      '&lt;!channel&gt; &lt;@U999&gt; &lt;https://evil.example|click me&gt; &amp; more @\u200bhere',
    );
    expect(EVIL_SUBJECT).toContain('<!channel>');
  });

  it('refuses forged, unsigned, stale, future and replayed requests with 401 and runs nothing', async () => {
    const url = fake.responseUrl('forged');
    const body = slashCommand('sla', url);
    const forged = await post(body, signed(body, { secret: 'not-the-secret-at-all' }));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({
      error: { code: 'slack_signature', message: 'request not verified: signature mismatch' },
    });
    const unsigned = await post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.statusCode).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, signed(body, { ts: now - 301 }))).statusCode).toBe(401);
    expect((await post(body, signed(body, { ts: now + 400 }))).statusCode).toBe(401);
    const tampered = signed(body);
    expect((await post(body.replace('text=sla', 'text=qa+queue'), tampered)).statusCode).toBe(401);
    const headers = signed(body);
    expect((await post(body, headers)).statusCode).toBe(200);
    const replay = await post(body, headers);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('slack_replay');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.received.filter((r) => r.path === '/respond/forged')).toHaveLength(1);
  });

  it('answers ssl_check and url_verification', async () => {
    const ssl = await post('ssl_check=1&token=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ssl.statusCode).toBe(200);
    const challenge = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'abc123' });
    const response = await post(challenge, signed(challenge, { contentType: 'application/json' }));
    expect(response.json()).toEqual({ challenge: 'abc123' });
  });

  it('answers help and unknown input with the usage text, escaped', async () => {
    expect(JSON.stringify((await command('help')).blocks)).toContain('/casebridge sla [group]');
    const unknown = await command(`frobnicate <@U1> ${'x'.repeat(4000)}`);
    assertWithinLimits({ kind: 'message', body: unknown });
    const json = JSON.stringify(unknown.blocks);
    expect(json).toContain("I didn't understand");
    expect(json).toContain('&lt;@U1&gt;');
    expect(json).toContain('/casebridge escalations [level]');
  });

  it('lists escalations with owner, age and buttons; a bad level is explained', async () => {
    await h.bot.deps.services.escalations.escalate('101', {
      level: 1,
      reason: 'VIP <!here>',
      actor: 'slack:UMANAGER',
    });
    const answer = await command('escalations');
    assertWithinLimits({ kind: 'message', body: answer });
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('Open escalations: 1');
    expect(json).toContain('Acknowledge');
    expect(json).toContain('Raise level');
    expect(json).toContain('VIP &lt;!here&gt;');
    expect((await command('escalations 9')).text).toContain('from 1 to 3');
  });

  it('looks customers up by email or ticket, and says so when there is none', async () => {
    const byEmail = await command('customer <mailto:jane@customer.test|jane@customer.test>');
    assertWithinLimits({ kind: 'message', body: byEmail });
    expect(JSON.stringify(byEmail.blocks)).toContain('Printer on fire');
    expect(byEmail.text).toContain('Jane &lt;b&gt;Doe&lt;/b&gt;');
    const byTicket = await command('customer 102');
    expect(byTicket.text).toContain('2 tickets');
    const nobody = await command('customer nobody@nowhere.test');
    expect(nobody.text).toContain('no customer found for nobody@nowhere.test');
    const huge = await command(`customer ${'a'.repeat(4000)}@x.test`);
    expect(huge.text).toContain('not an email or a ticket number');
  });

  it('checks roles: an agent may not read the QA queue, a QA group member may', async () => {
    const refused = await command('qa queue', 'UAGENT');
    expect(refused.text).toMatch(/Sorry, only QA staff or managers or admins can use the QA queue/);
    const stranger = await command('sla', 'USTRANGER');
    expect(stranger.text).toContain('Sorry');
    const groupie = await command('qa queue', 'UGROUPIE');
    expect(groupie.text).toMatch(/^QA queue: \d+/);
  });

  it('flags a ticket for QA from the command and posts it to the QA channel', async () => {
    const answer = await command('qa flag 103 promised a refund we do not offer', 'UQA');
    expect(answer.text).toContain('Flagged ticket 103');
    const [flag] = await store.qaFlags.listForTicket('zendesk-main:103');
    expect(flag).toMatchObject({
      flaggedBy: 'slack:UQA',
      reason: 'promised a refund we do not offer',
      source: 'slack',
    });
    const posted = await waitFor(() => fake.calls('chat.postMessage').find((c) => c.body.channel === 'C-QA'));
    expect(JSON.stringify(posted.body.blocks)).toContain('QA review requested');
    expect((await command('qa flag 99999 nope', 'UQA')).text).toContain('no ticket 99999');
    expect((await command('qa flag 103', 'UQA')).text).toContain('Usage');
  });

  it('rejects a payload of an unexpected shape with 400, after verifying it', async () => {
    const body = interactive({ type: 'block_actions', user: {} });
    const response = await post(body, signed(body));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('slack_payload');
  });
});

describe('done when: the server listening on a port, as `casebridge start` runs it', () => {
  it('acks a signed sla command with 200 and the Block Kit answer reaches a local response_url; a forged one gets 401', async () => {
    const { store, dispose } = await freshStore('sqlite');
    await seedTickets(store);
    const fake = await startFakeSlack();
    const h = buildHarness(store, fake, () => NOW);
    await h.server.listen({ host: '127.0.0.1', port: 0 });
    const address = h.server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/slack/events`;
    try {
      const body = slashCommand('sla', fake.responseUrl('done-when'));
      const ok = await fetch(url, { method: 'POST', headers: signed(body), body });
      expect(ok.status).toBe(200);
      const answer = await waitFor(() => fake.received.find((r) => r.path === '/respond/done-when'));
      expect(JSON.stringify(answer.body.blocks)).toContain('SLA today');
      const forgedBody = slashCommand('sla', fake.responseUrl('done-when-forged'));
      const forged = await fetch(url, {
        method: 'POST',
        headers: signed(forgedBody, { secret: 'forged-secret-000' }),
        body: forgedBody,
      });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ error: { code: 'slack_signature' } });
    } finally {
      await h.server.close();
      await fake.close();
      await dispose();
    }
  });
});
