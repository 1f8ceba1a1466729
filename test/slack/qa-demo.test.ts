import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QA_ACTION } from '../../apps/slack-bot/qa/ids.js';
import type { QaReport } from '../../shared/services/qa/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { waitForDemoSyncs } from '../helpers/demo.js';
import { collectErrors, launchChromium } from '../sidebar/browser.js';
import { type FakeSlack, startFakeSlack } from './harness.js';
import {
  DEMO_AGENT,
  DEMO_REVIEWER,
  DEMO_REVIEWER_EMAIL,
  DEMO_SIGNING_SECRET,
  type DemoTicket,
  demoDirectory,
  pickDemoTicket,
  reviewDemoTicketInSlack,
} from './qa-demo-flow.js';
import { buttonValue } from './qa-world.js';

/**
 * Issue 9's "done when", for Slack and the CLI: in the demo (`casebridge start` with a bot token,
 * signing secret and SLACK_ADMIN_USERS, the Web API a local fake), a QA flag raised through a
 * signed `/casebridge qa flag` is reviewed through signed block_actions and view_submission
 * requests; the agent gets a DM, `casebridge qa report --json` over the same database shows
 * the new score, and the sidebar preview of the ticket (in Chromium) shows the review.
 */
describe('QA in the demo: flag and review in Slack, then the CLI report and the sidebar', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-qa-demo-'));
  const dataDir = join(cwd, 'data');
  let fake: FakeSlack;
  let demo: Awaited<ReturnType<typeof startCli>>;
  let base: string;
  let ticket: DemoTicket | undefined;

  beforeAll(async () => {
    fake = await startFakeSlack({ reply: demoDirectory(() => ticket) });
    demo = await startCli(['start', '--port', '0', '--data', dataDir], {
      cwd,
      env: {
        SLACK_BOT_TOKEN: 'xoxb-demo-token',
        SLACK_SIGNING_SECRET: DEMO_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_ADMIN_USERS: DEMO_REVIEWER,
      },
      ready: /listening on (http:\/\/\S+)/,
    });
    base = demo.match[1] as string;
    // The first sync of both sandboxes, so there are tickets to flag.
    await waitForDemoSyncs(dataDir);
    ticket = pickDemoTicket(dataDir);
  }, 90_000);

  afterAll(async () => {
    demo?.proc.kill('SIGTERM');
    await demo?.exited;
    await fake?.close();
  });

  it('says who may use the admin verbs', () => {
    expect(demo.output()).toContain(`demo: Slack admins: ${DEMO_REVIEWER} (SLACK_ADMIN_USERS)`);
  });

  it('a flag raised and reviewed through signed Slack requests shows in `casebridge qa report --json` and in the sidebar preview', {
    timeout: 60_000,
  }, async () => {
    if (ticket === undefined) throw new Error('no demo ticket');
    const { score } = await reviewDemoTicketInSlack({ base, fake, ticket });
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);

    // The agent is told by DM, found by the assignee's email.
    await expect
      .poll(() => fake.calls('chat.postMessage').find((c) => c.body.channel === DEMO_AGENT), {
        timeout: 20_000,
      })
      .toBeDefined();
    const dm = fake.calls('chat.postMessage').find((c) => c.body.channel === DEMO_AGENT)?.body ?? {};
    expect(String(dm.text)).toContain(`Ticket #${ticket.number} was reviewed`);
    expect(buttonValue(dm, QA_ACTION.dispute)).toMatch(/^rev_/);

    // `npx casebridge qa report` as the README's quick start runs it: from the same folder as the
    // demo, with no config file, so the default database (./data/casebridge.db) is the demo's.
    const result = await runCli(['qa', 'report', '--json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as QaReport;
    expect(report.reviews).toBe(1);
    expect(report.iqs).toBe(score);
    expect(report.agents).toEqual([
      expect.objectContaining({ key: ticket.assigneeEmail, reviews: 1, iqs: score }),
    ]);
    expect(report.reviewers).toEqual([
      expect.objectContaining({ reviewer: DEMO_REVIEWER_EMAIL, reviews: 1 }),
    ]);

    // The sidebar preview of the same ticket, in Chromium, shows the review in its QA panel.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors = collectErrors(page);
      await page.goto(`${base}/zendesk-app/preview?ticket=${ticket.id.split(':')[1]}`);
      const review = page.frameLocator('#app').locator('[data-panel="qa"] [data-review]');
      await review.first().waitFor({ timeout: 20_000 });
      expect(await review.count()).toBe(1);
      const shown = await review.first().innerText();
      const percent = Number.isInteger(score) ? `${score}%` : `${score.toFixed(2)}%`;
      expect(shown).toContain(`Score ${percent}`);
      expect(shown).toContain(`by ${DEMO_REVIEWER_EMAIL}`);
      expect(shown).toContain('Solid answer; greet by name.');
      expect(shown).toMatch(/Disputable until \d{4}-\d{2}-\d{2}/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
