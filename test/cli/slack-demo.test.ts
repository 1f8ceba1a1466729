import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { DEMO_SIGNING_SECRET, readBody, slackSignedHeaders, waitForDemoSyncs } from '../helpers/demo.js';

/**
 * Issue 7's "done when", literally: the demo running with a bot token and signing secret in the
 * environment; a signed `/casebridge sla` to POST /slack/events is acked with 200 and a Block Kit
 * answer reaches the response_url (a local listener here); a forged one gets 401.
 */
const SECRET = DEMO_SIGNING_SECRET;

describe('the Slack bot in the demo', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-slack-demo-'));
  const responses: unknown[] = [];
  // Stands in for hooks.slack.com (response_url) and for the Web API (auth.test and friends).
  const slack = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.url?.startsWith('/hook')) responses.push(JSON.parse(body));
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'casebridge' }),
    );
  });
  let demo: Awaited<ReturnType<typeof startCli>>;
  let base: string;
  let slackUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
    demo = await startCli(['start', '--port', '0', '--data', join(cwd, 'data')], {
      cwd,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-demo-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `${slackUrl}/api/`,
      },
      ready: /listening on (http:\/\/\S+)/,
    });
    base = demo.match[1] as string;
    // Let the first sync of both sandboxes land, so the answer has SLA data in it.
    await waitForDemoSyncs(join(cwd, 'data'));
  }, 90_000);

  afterAll(async () => {
    demo?.proc.kill('SIGTERM');
    await demo?.exited;
    await new Promise<void>((resolve) => slack.close(() => resolve()));
  });

  const command = (text: string) =>
    new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      team_domain: 'acme',
      channel_id: 'C1',
      channel_name: 'support',
      user_id: 'U123MANAGER',
      user_name: 'ana',
      command: '/casebridge',
      text,
      response_url: `${slackUrl}/hook/1`,
      trigger_id: '1.2.3',
      api_app_id: 'A1',
    }).toString();

  it('says at start that it serves the bot', () => {
    expect(demo.output()).toContain('demo: Slack bot at POST /slack/events');
  });

  it('acks a signed /casebridge sla with 200 and answers with Block Kit at the response_url', {
    timeout: 30_000,
  }, async () => {
    const body = command('sla');
    const started = Date.now();
    const ack = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: slackSignedHeaders(body),
      body,
    });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => responses.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const answer = responses[0] as {
      blocks?: { type: string; text?: { text: string } }[];
      response_type?: string;
    };
    expect(answer.blocks?.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer.blocks)).toMatch(/SLA/);
    expect(answer.response_type ?? 'ephemeral').toBe('ephemeral');
  });

  it('answers 401 to a forged or stale request and runs nothing', async () => {
    const before = responses.length;
    const body = command('sla');
    const forged = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: slackSignedHeaders(body, { secret: 'not-the-secret' }),
      body,
    });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: slackSignedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      body,
    });
    expect(stale.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(responses.length).toBe(before);
  });
});
