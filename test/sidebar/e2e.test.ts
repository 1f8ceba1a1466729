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
import { ROOT } from './harness.js';
import { HOSTILE_SOP_ID, indexSops, qaFlag, REVIEWER, seedReview } from './seed.js';

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
  let refund: string;
  let reviewId: string;
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
    // The shipped SOP library (plus a hostile SOP), and a reviewed refund ticket from the sandbox.
    await indexSops(casebridge.store, ROOT);
    refund = await refundTicket(casebridge);
    await casebridge.store.qaFlags.add(qaFlag(refund));
    reviewId = (await seedReview(casebridge.services.qa, `qa-${refund}`)).id;
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
  const openRefund = async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors = collectErrors(page);
    await page.goto(`${base}/zendesk-app/preview?ticket=${external(refund)}`);
    const app = page.frameLocator('#app');
    await app.locator('[data-panel="qa"]').waitFor({ timeout: 15_000 });
    return { page, errors, app };
  };

  it("shows the refund ticket's checklist to tick before sending, and its review", async () => {
    const { page, errors, app } = await openRefund();
    const qa = app.locator('[data-panel="qa"]');
    const selfCheck = qa.locator('.self-check');
    expect(await selfCheck.innerText()).toMatch(/Billing and payments \(PCI\)[\s\S]*version [0-9a-f]{12}/);
    expect(await qa.locator('[data-category="compliance"] legend').innerText()).toContain(
      'Critical: auto-fail',
    );
    const boxes = selfCheck.locator('input[type="checkbox"]');
    const total = await boxes.count();
    expect(total).toBeGreaterThan(5);
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    expect(await boxes.nth(2).isChecked()).toBe(true);
    await selfCheck.getByText(`2 of ${total} checked`).waitFor();
    const review = await qa.locator(`[data-review="${reviewId}"]`).innerText();
    expect(review).toContain('Score 0%');
    expect(review).toContain(`by ${REVIEWER} on `);
    expect(review).toContain('Critical failures: PCI and verification compliance');
    expect(review).toContain('Repeated the full card number back to the customer.');
    expect(review).toMatch(/Disputable until \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-qa-sops.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('suggests the refund SOP, opens its steps, and records "Used this SOP" in the store', async () => {
    const { page, errors, app } = await openRefund();
    const sop = app.locator('[data-sop="refund-request"]');
    expect(await sop.innerText()).toMatch(/Refund request[\s\S]*Why: .*tag refund/);
    await sop.getByRole('button', { name: 'Refund request' }).click();
    await sop.locator('.steps li').first().waitFor();
    expect(await sop.locator('.steps li').count()).toBe(7);
    await sop.getByLabel('Check the refund window').check();
    await sop.getByRole('button', { name: 'Used this SOP' }).click();
    await sop.getByText('Recorded as used on this ticket').waitFor();
    const uses = await casebridge.store.sops.usagesForTickets([refund]);
    expect(uses.map((u) => u.sopId)).toEqual(['refund-request']);
    const audit = (await casebridge.store.auditLog.recent(20)).find(
      (a) => a.action === 'sop.used' && a.target === refund,
    );
    expect(audit).toMatchObject({
      actor: 'zendesk:preview.agent@casebridge.invalid',
      details: { sopId: 'refund-request' },
    });
    // Reloaded, the panel still shows it as used.
    await page.reload();
    await app.locator('[data-sop="refund-request"] .badge').getByText('Used').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('flags the refund ticket for QA review through the form: queued in the store, a repeat refused', async () => {
    const { page, errors, app } = await openRefund();
    const qa = app.locator('[data-panel="qa"]');
    const shown = await qa.locator('[data-flag]').count();
    await qa.getByRole('button', { name: 'Flag for QA review' }).click();
    const form = qa.getByRole('form', { name: 'Flag for QA review' });
    await form.getByLabel('Why should QA review this ticket?').fill('Quoted a refund window we do not offer');
    await form.getByLabel('Category').selectOption('policy');
    await form.getByLabel('Severity').selectOption('medium');
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-qa-flag-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Submit flag' }).click();
    await qa.getByText('Flagged for QA review: it is in the QA queue.').waitFor();

    const fromSidebar = (await casebridge.store.qaFlags.listForTicket(refund)).filter(
      (f) => f.source === 'sidebar',
    );
    expect(fromSidebar).toEqual([
      expect.objectContaining({
        flaggedBy: 'preview.agent@casebridge.invalid',
        reason: 'Quoted a refund window we do not offer',
        category: 'policy',
        severity: 'medium',
        status: 'open',
      }),
    ]);
    const id = fromSidebar[0]?.id ?? 'missing';
    expect((await casebridge.services.qa.queue(500)).map((f) => f.id)).toContain(id);
    const audit = (await casebridge.store.auditLog.recent(20)).find(
      (a) => a.action === 'qa.flag' && a.target === refund,
    );
    expect(audit).toMatchObject({
      actor: 'zendesk:preview.agent@casebridge.invalid',
      details: { flag: id, source: 'sidebar' },
    });
    expect(await qa.locator(`[data-flag="${id}"]`).innerText()).toContain(
      'Quoted a refund window we do not offer',
    );
    expect(await qa.locator('[data-flag]').count()).toBe(shown + 1);
    expect(errors).toEqual([]);

    // The same agent again while the first flag waits: refused in the form, nothing queued.
    await qa.getByRole('button', { name: 'Flag for QA review' }).click();
    await form.getByLabel('Why should QA review this ticket?').fill('Once more');
    await form.getByRole('button', { name: 'Submit flag' }).click();
    await form.getByRole('alert').waitFor();
    const number = (await casebridge.store.tickets.get(refund))?.number;
    expect(await form.getByRole('alert').innerText()).toContain(
      `you already flagged ticket ${number} for QA review`,
    );
    expect(
      (await casebridge.store.qaFlags.listForTicket(refund)).filter((f) => f.source === 'sidebar'),
    ).toHaveLength(1);
    // Reloaded, the flag is still on the ticket.
    await page.reload();
    await app.locator(`[data-flag="${id}"]`).waitFor({ timeout: 15_000 });
    // The browser reports the refused request itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await page.close();
  });

  it('opens a hostile SOP without running any of it', async () => {
    const { page, errors, app } = await openRefund();
    const sop = app.locator(`[data-sop="${HOSTILE_SOP_ID}"]`);
    await sop.getByRole('button', { name: /Refund tricks/ }).click();
    await sop.locator('.steps li').first().waitFor();
    await sop.locator('summary').click();
    expect(await sop.locator('.sop-body').innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await sop.locator('script, img, iframe, object, embed').count()).toBe(0);
    const frame = page.frames().find((f) => f.url().includes('iframe.html'));
    await page.waitForTimeout(300);
    expect(await frame?.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

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

/** A sandbox Zendesk ticket about a refund (subject and message), tagged so: the billing scorecard applies. */
async function refundTicket(casebridge: Casebridge): Promise<string> {
  const rows = await casebridge.store.db
    .selectFrom('tickets')
    .select('id')
    .where('source', 'like', 'zendesk-%')
    .where('subject', 'like', 'Refund%')
    .where('description', 'like', '%refund%')
    .orderBy('id')
    .execute();
  for (const { id } of rows) {
    const ticket = await casebridge.store.tickets.get(id);
    if (ticket === null || ticket.deleted || !ticket.tags.includes('refund')) continue;
    if (casebridge.services.qa.applicableScorecard(ticket)?.id === 'billing-pci') return id;
  }
  throw new Error('the Zendesk sandbox seeded no refund ticket tagged refund');
}
