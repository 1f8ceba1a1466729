import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import type { MessageBody } from '../../apps/slack-bot/blocks/types.js';
import { runCli, startCli } from '../helpers/cli.js';
import { DEMO_SIGNING_SECRET, readBody, slackSignedHeaders } from '../helpers/demo.js';

/**
 * Issue 10's "done when" for search, literally: the demo started with `casebridge start` (which
 * indexes the example SOP library before it serves); `npx casebridge sop search refund` beside it
 * prints ranked results with snippets, and a signed Slack `/casebridge sop refund` gets Block Kit
 * results, the refund SOP first, at its response_url.
 */
const SECRET = DEMO_SIGNING_SECRET;

describe('SOP search in the demo', () => {
  // The demo is run from a clone's root, where `sops/` is the example library it indexes; the CLI
  // without a config file reads ./sops and ./data from there too.
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-sop-demo-'));
  symlinkSync(join(import.meta.dirname, '..', '..', 'sops'), join(cwd, 'sops'));
  const responses: unknown[] = [];
  // Stands in for hooks.slack.com (response_url) and the Web API.
  const slack = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.url?.startsWith('/hook')) responses.push(JSON.parse(body));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true }));
  });
  let demo: Awaited<ReturnType<typeof startCli>>;
  let base: string;
  let slackUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
    demo = await startCli(['start', '--port', '0'], {
      cwd,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-demo-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `${slackUrl}/api/`,
      },
      ready: /listening on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    base = demo.match[1] as string;
  }, 90_000);

  afterAll(async () => {
    demo?.proc.kill('SIGTERM');
    await demo?.exited;
    await new Promise<void>((resolve) => slack.close(() => resolve()));
  });

  it('indexes the example library before serving', () => {
    expect(demo.output()).toContain('SOPs indexed: 6 added, 0 updated, 0 removed, 0 unchanged');
  });

  it('`casebridge sop search refund` prints ranked results with snippets', { timeout: 30_000 }, async () => {
    const result = await runCli(['sop', 'search', 'refund'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ids = [...result.stdout.matchAll(/^\d+\s+(\S+)/gm)].map((m) => m[1]);
    expect(ids[0]).toBe('refund-request');
    expect(ids).toContain('chargeback-card-data');
    expect(result.stdout).toMatch(/^1\. Refund request: ….*\[refund/im);
  });

  it('a signed `/casebridge sop refund` posts Block Kit results to the response_url, refund first', {
    timeout: 30_000,
  }, async () => {
    const body = new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      team_domain: 'acme',
      channel_id: 'C1',
      channel_name: 'support',
      user_id: 'U123AGENT',
      user_name: 'ana',
      command: '/casebridge',
      text: 'sop refund',
      response_url: `${slackUrl}/hook/sop`,
      trigger_id: '1.2.3',
      api_app_id: 'A1',
    }).toString();
    const ack = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: slackSignedHeaders(body),
      body,
    });
    expect(ack.status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const answer = responses[0] as MessageBody & { response_type?: string };
    assertWithinLimits({ kind: 'message', body: answer });
    expect(answer.response_type).toBe('ephemeral');
    const sections = answer.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(sections[1]).toMatch(/^\*1\. Refund request\*/);
    expect(sections[1]).toMatch(/\*refund/i);
    const show = answer.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
    expect(show).toMatchObject({ action_id: 'sop.show', value: 'refund-request' });
    expect(JSON.stringify(answer.blocks)).toContain('Owner: billing-lead@acme.example');
  });
});
