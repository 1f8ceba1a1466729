import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCasebridge, type Casebridge } from '../../apps/composition-root.js';
import { type Demo, startDemo } from '../../apps/demo.js';
import { buildServer } from '../../apps/server/server.js';
import { sidebarContext } from '../../apps/zendesk-sidebar/server/context.js';
import { previewDependencies } from '../../apps/zendesk-sidebar/server/preview-wiring.js';
import { collectErrors, launchChromium } from './browser.js';
import { qaFlag } from './seed.js';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.tmp');

/** Both sandboxes synced into a store, the real server and the preview, driven in real Chromium. */
describe('the sidebar preview end to end (sandboxes synced, real Chromium)', () => {
  let demo: Demo;
  let casebridge: Casebridge;
  let server: ReturnType<typeof buildServer>;
  let base: string;
  let browser: Browser;
  let escalated: string;
  let calm: string;
  let calmLevel: number;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-sidebar-e2e-'));
    demo = await startDemo(dir, { port: 0 });
    casebridge = await buildCasebridge({ loaded: demo.loaded, logLevel: 'silent' });
    for (const job of casebridge.config.jobs) await casebridge.sync(job.id);
    const zendesk = (id: string) => id.startsWith('zendesk-');
    const open = (await casebridge.store.escalations.listOpen()).filter((e) => zendesk(e.ticketId));
    const first = open[0];
    if (first === undefined) throw new Error('the Zendesk sandbox seeded no escalated ticket');
    escalated = first.ticketId;
    await casebridge.store.qaFlags.add(qaFlag(escalated));
    // The demo's escalation rules escalate nearly every unsolved ticket: raise one below the top level.
    const levels = casebridge.config.escalation.levels.length;
    const raisable = open.find((e) => e.ticketId !== escalated && e.level < levels);
    if (raisable === undefined) throw new Error('no Zendesk escalation below the top level in the sandbox');
    calm = raisable.ticketId;
    calmLevel = raisable.level;
    server = buildServer({
      store: () => casebridge.store,
      metrics: new Registry(),
      log: casebridge.log,
      readiness: { ready: true, reason: '' },
      sidebar: sidebarContext(casebridge),
      preview: previewDependencies(casebridge, dir),
    });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await casebridge?.close();
    await demo?.close();
  });
  const external = (id: string) => id.slice(id.indexOf(':') + 1);

  it('shows the SLA countdown, escalation, customer history and QA flags of a seeded ticket', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors = collectErrors(page);
    await page.goto(`${base}/zendesk-app/preview?ticket=${external(escalated)}`);
    const app = page.frameLocator('#app');
    await app.locator('[data-panel="qa"]').waitFor({ timeout: 15_000 });
    expect(await app.locator('[data-panel="sla"]').innerText()).toMatch(/left|overdue by|met|clock stopped/);
    expect(await app.locator('[data-panel="escalation"]').innerText()).toMatch(
      /Level \d · .+[\s\S]*Reasons: /,
    );
    const customer = await app.locator('[data-panel="customer"]').innerText();
    expect(customer).toMatch(/\d+ tickets · \d+ open · CSAT/);
    expect(customer).toMatch(/Last 10/);
    expect(await app.locator('[data-panel="qa"]').innerText()).toContain('Tone was curt in the second reply');
    // The host resized the iframe to the app's content.
    expect(
      await page.locator('#app').evaluate((f) => (f as HTMLIFrameElement).getBoundingClientRect().height),
    ).toBeGreaterThan(250);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-preview.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('raises an escalation from the sidebar and the store changes', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/zendesk-app/preview?ticket=${external(calm)}`);
    const panel = page.frameLocator('#app').locator('[data-panel="escalation"]');
    await panel.getByText(`Level ${calmLevel} ·`).waitFor({ timeout: 15_000 });
    await panel.getByRole('button', { name: 'Raise level' }).click();
    await panel.locator('#cb-reason').fill('Customer asked for a manager');
    await panel.locator('form').getByRole('button', { name: 'Escalate' }).click();
    await panel.getByText(`Level ${calmLevel + 1} ·`).waitFor();
    const stored = await casebridge.store.escalations.latestForTicket(calm);
    expect(stored?.level).toBe(calmLevel + 1);
    expect(stored?.reasons).toContain('Customer asked for a manager');
    const events = stored === null ? [] : await casebridge.store.escalations.events(stored.id);
    expect(events.at(-1)).toMatchObject({
      type: 'raised',
      actor: 'zendesk:preview.agent@casebridge.invalid',
    });
    const audit = await casebridge.store.auditLog.recent(10);
    expect(audit.find((a) => a.action === 'escalation.escalate' && a.target === calm)).toBeDefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('redirects a preview without a ticket to one worth showing, and never serves the secret', async () => {
    const response = await fetch(`${base}/zendesk-app/preview`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/\/zendesk-app\/preview\?ticket=\d+$/);
    const secret = casebridge.config.zendeskApp?.sharedSecret ?? 'missing';
    for (const path of [
      '/zendesk-app/preview?ticket=1',
      '/zendesk-app/preview/fake-zaf.js?ticket=1',
      '/zendesk-app/preview/app/assets/app.js',
      '/zendesk-app/preview/app/manifest.json',
    ])
      expect(await (await fetch(`${base}${path}`)).text()).not.toContain(secret);
    const forged = await fetch(`${base}/api/sidebar/tickets/${external(calm)}`, {
      headers: { authorization: 'Bearer x.y.z' },
    });
    expect(forged.status).toBe(401);
  });
});
