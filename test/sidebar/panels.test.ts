import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppFolder } from '../../apps/zendesk-sidebar/build/app-folder.js';
import type { SidebarPayload, SidebarSopDetail } from '../../apps/zendesk-sidebar/src/api-types.js';
import { collectErrors, launchChromium } from './browser.js';
import { aPayload, aSopDetail, sopDetailOf } from './fixtures.js';
import { HOSTILE_SOP, HOSTILE_SOP_ID } from './seed.js';

type Mode = 'ok' | 'hang' | '401' | 'down';
interface Stub {
  mode: Mode;
  payload: SidebarPayload;
  ticketId: number | null;
  /** What `GET /api/sidebar/sops/:id` answers; an id not here is a 404. */
  sops: Record<string, SidebarSopDetail>;
  /** What `POST /api/sidebar/sops/:id/used` answers. */
  recorded: boolean;
  /** How `POST /api/sidebar/qa/flags` answers: queued, refused as a duplicate, or only once released. */
  flagging: 'ok' | 'duplicate' | 'held';
}

/** A ZAF client stub (what `vi.stubGlobal('ZAFClient', …)` does in Zendesk's scaffold), in the page. */
function installZaf(stub: Stub): void {
  const w = window as unknown as Record<string, unknown> & { __stub: Stub };
  w.__stub = stub;
  w.__calls = [];
  w.__resizes = [];
  const handlers: Record<string, ((d?: unknown) => void)[]> = {};
  w.__fire = (name: string) => {
    for (const fn of handlers[name] ?? []) fn({});
  };
  const client = {
    context: async () => ({
      ...(w.__stub.ticketId !== null && { ticketId: w.__stub.ticketId }),
      account: { subdomain: 'acme' },
    }),
    metadata: async () => ({ settings: { casebridgeUrl: 'https://cb.test/' } }),
    get: async () => ({
      currentUser: { id: 7, email: 'al@acme.test', name: 'Al', role: 'agent' },
      errors: {},
    }),
    on: (name: string, fn: (d?: unknown) => void) => {
      handlers[name] ??= [];
      handlers[name].push(fn);
    },
    invoke: async (name: string, arg: unknown) => {
      if (name === 'resize') (w.__resizes as unknown[]).push(arg);
      return {};
    },
    request: (options: { url: string; data?: string }) => {
      (w.__calls as unknown[]).push(options);
      const mode = w.__stub.mode;
      if (mode === 'hang') return new Promise(() => undefined);
      if (mode === '401')
        return Promise.reject({
          status: 401,
          responseJSON: { error: { code: 'unauthorized', message: 'the token has expired' } },
        });
      if (mode === 'down') return Promise.reject({ status: 0, statusText: 'error' });
      if (options.url.endsWith('/api/sidebar/qa/flags')) return flagAnswer(w, options.data ?? '{}');
      const sop = /\/api\/sidebar\/sops\/([^/]+)(\/used)?$/.exec(options.url);
      if (sop !== null) {
        const id = decodeURIComponent(sop[1] ?? '');
        const detail = w.__stub.sops[id];
        if (detail === undefined)
          return Promise.reject({
            status: 404,
            responseJSON: {
              error: { code: 'sop.unknown', message: `there is no SOP "${id}" in casebridge` },
            },
          });
        if (sop[2] === undefined) return Promise.resolve(structuredClone(detail));
        return Promise.resolve({
          sopId: id,
          ticketId: 'zendesk-main:101',
          recorded: w.__stub.recorded,
          usedAt: '2026-03-10T11:59:00.000Z',
          message: w.__stub.recorded ? 'recorded' : 'already recorded',
        });
      }
      return Promise.resolve(structuredClone(w.__stub.payload));
    },
  };
  w.ZAFClient = { init: () => client };

  /** What casebridge answers a flag: the new flag and the ticket's flags with it, or a 409. */
  function flagAnswer(w: Record<string, unknown> & { __stub: Stub }, data: string): Promise<unknown> {
    const body = JSON.parse(data) as { reason: string; category?: string; severity?: string };
    if (w.__stub.flagging === 'duplicate')
      return Promise.reject({
        status: 409,
        responseJSON: {
          error: {
            code: 'qa.flag_open',
            message:
              'you already flagged ticket 101 for QA review on 2026-03-10 11:00 UTC and that flag is still open',
          },
        },
      });
    const flag = {
      id: 'qaf_new',
      flaggedBy: 'al@acme.test',
      reason: body.reason,
      category: body.category ?? null,
      severity: body.severity ?? null,
      status: 'open',
      createdAt: '2026-03-10T11:59:00.000Z',
      permalink: null,
    };
    const answer = {
      flag,
      flags: [flag, ...w.__stub.payload.qa.flags],
      message: 'flagged ticket 101 for QA review: it is in the QA queue',
    };
    if (w.__stub.flagging === 'ok') return Promise.resolve(answer);
    return new Promise((resolve) => {
      w.__release = () => resolve(answer);
    });
  }
}

describe('sidebar panels (real Chromium, stubbed ZAF client)', () => {
  let browser: Browser;
  let js: string;
  let css: string;
  beforeAll(async () => {
    const dir = await buildAppFolder({
      outDir: mkdtempSync(join(tmpdir(), 'zapp-panels-')),
      url: 'https://cb.test',
    });
    js = readFileSync(join(dir, 'assets', 'app.js'), 'utf8');
    css = readFileSync(join(dir, 'assets', 'app.css'), 'utf8');
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  async function open(stub: Partial<Stub> = {}): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.setContent(
      `<!doctype html><html><head><style>${css}</style></head><body><div id="app" data-timeout-ms="400"></div></body></html>`,
    );
    const full: Stub = {
      mode: stub.mode ?? 'ok',
      payload: stub.payload ?? aPayload(),
      ticketId: stub.ticketId === undefined ? 101 : stub.ticketId,
      sops: stub.sops ?? { 'refund-request': aSopDetail() },
      recorded: stub.recorded ?? true,
      flagging: stub.flagging ?? 'ok',
    };
    await page.evaluate(installZaf, full);
    await page.addScriptTag({ content: js });
    return { page, errors };
  }

  it('renders the five panels, with a live SLA clock in colour and text', async () => {
    const { page, errors } = await open();
    await page.locator('[data-panel="qa"]').waitFor();
    const breached = page.locator('[data-metric="resolution"]');
    expect(await breached.getAttribute('class')).toContain('sla-breach');
    expect(await breached.innerText()).toMatch(/Breached[\s\S]*overdue by/);
    const clock = page.locator('[data-metric="first_reply"] .clock');
    const before = await clock.innerText();
    await page.waitForTimeout(1100);
    expect(await clock.innerText()).not.toBe(before);
    expect(await page.locator('[data-panel="escalation"]').innerText()).toMatch(
      /Level 1 · Team lead[\s\S]*Owner: lead@acme.test/,
    );
    expect(
      await page
        .locator('[data-panel="customer"] a')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)),
    ).toEqual(
      expect.arrayContaining([
        'https://acme.my.salesforce.com/lightning/r/Contact/C1/view',
        'https://acme.zendesk.com/agent/organizations/o1',
      ]),
    );
    expect(await page.locator('[data-panel="customer"]').innerText()).toMatch(
      /tier enterprise[\s\S]*CSAT 100%[\s\S]*CSAT good/,
    );
    expect(await page.locator('[data-panel="qa"]').innerText()).toMatch(/slack:U123[\s\S]*Tone was curt/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('escapes HTML and script in subjects', async () => {
    const { page } = await open();
    await page.locator('[data-panel="customer"]').waitFor();
    expect(await page.locator('[data-panel="customer"]').innerText()).toContain(
      '<script>window.__pwned=1</script>',
    );
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-panel="customer"] img, [data-panel="customer"] script').count()).toBe(0);
    await page.close();
  });

  it('signs every call through Zendesk: secure, HS256 JWT with the secure setting, claims from the agent', async () => {
    const { page } = await open();
    await page.locator('[data-panel="sla"]').waitFor();
    const [call] = await page.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls);
    expect(call).toMatchObject({
      url: 'https://cb.test/api/sidebar/tickets/101',
      secure: true,
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.sharedSecret}}',
        claims: { iss: 'acme.zendesk.com', aud: 'casebridge', email: 'al@acme.test', role: 'agent' },
      },
    });
    await page.close();
  });

  it('shows only the actions allowed, and escalates with a level and reason', async () => {
    const { page } = await open({ payload: aPayload({ actions: [] }) });
    await page.locator('[data-panel="escalation"]').waitFor();
    expect(await page.locator('[data-panel="escalation"] button').count()).toBe(0);
    await page.close();
    const allowed = await open();
    const panel = allowed.page.locator('[data-panel="escalation"]');
    await panel.getByRole('button', { name: 'Raise level' }).click();
    await allowed.page.selectOption('#cb-level', '2');
    await allowed.page.fill('#cb-reason', 'Customer threatens to churn');
    await panel.getByRole('button', { name: 'Escalate' }).click();
    await allowed.page.waitForFunction(
      () => (window as unknown as { __calls: unknown[] }).__calls.length === 2,
    );
    const calls = await allowed.page.evaluate(
      () => (window as unknown as { __calls: { url: string; type: string; data?: string }[] }).__calls,
    );
    expect(calls[1]).toMatchObject({ url: 'https://cb.test/api/sidebar/tickets/101/escalate', type: 'POST' });
    expect(JSON.parse(calls[1]?.data ?? '{}')).toEqual({ level: 2, reason: 'Customer threatens to churn' });
    await allowed.page.close();
  });

  it('times out with an actionable error and a retry button that recovers', async () => {
    const { page, errors } = await open({ mode: 'hang' });
    const failure = page.locator('.failure');
    await failure.waitFor({ timeout: 3000 });
    expect(await failure.innerText()).toContain(
      'casebridge is unreachable at https://cb.test — check the app setting',
    );
    await page.evaluate(() => {
      (window as unknown as { __stub: { mode: string } }).__stub.mode = 'ok';
    });
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-panel="qa"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a refused signature and an unreachable server', async () => {
    const refused = await open({ mode: '401' });
    await refused.page.locator('.failure').waitFor();
    expect(await refused.page.locator('.failure').innerText()).toMatch(/the token has expired.*sharedSecret/);
    await refused.page.close();
    const down = await open({ mode: 'down' });
    await down.page.locator('.failure').waitFor();
    expect(await down.page.locator('.failure').innerText()).toContain('unreachable at https://cb.test');
    await down.page.close();
  });

  it('follows ticket.updated and resizes itself to its content', async () => {
    const { page } = await open();
    await page.locator('[data-panel="qa"]').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __stub: { payload: SidebarPayload }; __fire(name: string): void };
      w.__stub.payload.qaFlags = [];
      w.__stub.payload.qa.flags = [];
      w.__fire('ticket.updated');
    });
    await page.getByText('No QA flags on this ticket.').waitFor();
    const resizes = await page.evaluate(
      () => (window as unknown as { __resizes: { height: string }[] }).__resizes,
    );
    expect(resizes.length).toBeGreaterThan(0);
    expect(Number.parseInt(resizes.at(-1)?.height ?? '0', 10)).toBeGreaterThan(200);
    await page.close();
  });

  it('has an empty state for a ticket not saved yet', async () => {
    const { page } = await open({ ticketId: null });
    await page.getByText('Save the ticket to see').waitFor();
    await page.close();
  });
  it('shows the applicable checklist as a self-check: critical and N/A marked, boxes tick locally', async () => {
    const { page, errors } = await open();
    const qa = page.locator('[data-panel="qa"]');
    await qa.waitFor();
    expect(await qa.locator('.self-check').innerText()).toMatch(
      /Billing and payments \(PCI\)[\s\S]*version 3f2a9c1b7d00[\s\S]*0 of 3 checked/,
    );
    const compliance = qa.locator('[data-category="compliance"]');
    expect(await compliance.locator('legend').innerText()).toMatch(
      /PCI and verification compliance.*Critical: auto-fail/,
    );
    expect(await compliance.locator('legend').innerText()).not.toContain('N/A allowed');
    expect(await qa.locator('[data-category="upsell"] legend').innerText()).toContain('N/A allowed');
    const box = compliance.getByLabel('Never asks for the CVV');
    await box.check();
    expect(await box.isChecked()).toBe(true);
    await qa.getByText('1 of 3 checked').waitFor();
    await box.uncheck();
    await qa.getByText('0 of 3 checked').waitFor();
    // Ticking is the agent's own note: nothing is sent.
    expect(await page.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls.length)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a review: score, reviewer, date, per-category scores, critical failures, comment, dispute deadline', async () => {
    const { page } = await open();
    const review = page.locator('[data-review="rev_1"]');
    await review.waitFor();
    const text = await review.innerText();
    expect(text).toMatch(/Score 0%[\s\S]*Critical failure/);
    expect(text).toContain('by qa.lead@acme.test on 2026-03-09 · Billing and payments (PCI) v3f2a9c1b7d00');
    expect(text).toContain('PCI and verification compliance: 0% (critical)');
    expect(text).toContain('Billing accuracy: 75%');
    expect(text).toContain('Retention offer: N/A');
    expect(text).toContain('Critical failures: PCI and verification compliance');
    expect(text).toContain('Repeated the full card number back to the customer.');
    expect(text).toMatch(/Disputable until 2026-03-16 \(\d+d \d+h left\)/);
    expect(await page.locator('[data-panel="qa"]').innerText()).toMatch(/Flags[\s\S]*Tone was curt/);
    await page.close();
  });

  it('shows dispute states, a closed window, and no checklist when no scorecard applies', async () => {
    const base = aPayload();
    const review = base.qa.reviews[0];
    if (review === undefined) throw new Error('the fixture has a review');
    const payload = aPayload({
      qa: {
        scorecard: null,
        flags: [],
        reviews: [
          {
            ...review,
            id: 'rev_open',
            status: 'disputed',
            dispute: {
              status: 'open',
              openedAt: '2026-03-09T16:00:00.000Z',
              resolvedAt: null,
              resolutionNote: null,
            },
          },
          {
            ...review,
            id: 'rev_rejected',
            status: 'resolved',
            dispute: {
              status: 'rejected',
              openedAt: '2026-02-01T16:00:00.000Z',
              resolvedAt: '2026-02-03T09:00:00.000Z',
              resolutionNote: 'The recording shows the full number',
            },
          },
          { ...review, id: 'rev_old', disputeUntil: '2026-01-01T00:00:00.000Z' },
        ],
      },
    });
    const { page } = await open({ payload });
    await page.locator('[data-panel="qa"]').waitFor();
    expect(await page.locator('[data-panel="qa"]').innerText()).toContain(
      'No scorecard applies to this ticket, so there is no checklist for it.',
    );
    expect(await page.locator('[data-review="rev_open"] .dispute').innerText()).toBe(
      'Dispute open since 2026-03-09',
    );
    expect(await page.locator('[data-review="rev_rejected"] .dispute').innerText()).toBe(
      'Dispute rejected on 2026-02-03: The recording shows the full number',
    );
    expect(await page.locator('[data-review="rev_old"] .dispute').innerText()).toBe(
      'Dispute window closed on 2026-01-01',
    );
    expect(await page.locator('[data-panel="qa"]').innerText()).toContain('No QA flags on this ticket.');
    await page.close();
  });

  it('still shows the flags from a casebridge that sends no qa or sops fields yet', async () => {
    const { qa: _qa, sops: _sops, ...older } = aPayload();
    const { page, errors } = await open({ payload: older as SidebarPayload });
    await page.locator('[data-panel="qa"]').waitFor();
    expect(await page.locator('[data-panel="qa"]').innerText()).toMatch(/Tone was curt[\s\S]*/);
    expect(await page.locator('[data-panel="sops"]').innerText()).toContain(
      'No SOP is suggested for this ticket.',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('flags the ticket for QA review from an inline form, and the flag shows without a reload', async () => {
    const { page, errors } = await open();
    const qa = page.locator('[data-panel="qa"]');
    await qa.waitFor();
    // A ticked self-check item survives the flag: only the flags are replaced.
    await qa.getByLabel('Never asks for the CVV').check();
    const toggle = qa.getByRole('button', { name: 'Flag for QA review' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const form = qa.getByRole('form', { name: 'Flag for QA review' });
    const submit = form.getByRole('button', { name: 'Submit flag' });
    expect(await submit.isDisabled()).toBe(true);
    await form.getByLabel('Why should QA review this ticket?').fill('Promised a refund outside the window');
    expect(await form.getByLabel('Category').locator('option').allInnerTexts()).toEqual([
      'Not set',
      'Tone',
      'Accuracy',
      'Policy',
      'Process',
      'Other',
    ]);
    await form.getByLabel('Category').selectOption('policy');
    await form.getByLabel('Severity').selectOption('high');
    await submit.click();

    const added = qa.locator('[data-flag="qaf_new"]');
    await added.waitFor();
    expect(await added.innerText()).toMatch(
      /al@acme.test[\s\S]*high severity[\s\S]*Promised a refund outside the window[\s\S]*policy · open/,
    );
    await qa.getByRole('status').getByText('Flagged for QA review: it is in the QA queue.').waitFor();
    expect(await form.count()).toBe(0);
    expect(await qa.locator('[data-flag]').count()).toBe(2);
    expect(await qa.locator('#qa-title').innerText()).toBe('QA 3');
    expect(await qa.getByLabel('Never asks for the CVV').isChecked()).toBe(true);
    const calls = await page.evaluate(
      () => (window as unknown as { __calls: { url: string; type: string; data?: string }[] }).__calls,
    );
    // The payload was not fetched again: the answer carried the flags.
    expect(calls.map((c) => [c.type, c.url])).toEqual([
      ['GET', 'https://cb.test/api/sidebar/tickets/101'],
      ['POST', 'https://cb.test/api/sidebar/qa/flags'],
    ]);
    expect(JSON.parse(calls[1]?.data ?? '{}')).toEqual({
      ticketId: '101',
      reason: 'Promised a refund outside the window',
      category: 'policy',
      severity: 'high',
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('disables the flag form while it is sent, and sends no category or severity when none is chosen', async () => {
    const { page, errors } = await open({ flagging: 'held' });
    const qa = page.locator('[data-panel="qa"]');
    await qa.getByRole('button', { name: 'Flag for QA review' }).click();
    const reason = qa.getByLabel('Why should QA review this ticket?');
    await reason.fill('  Check the tone  ');
    await qa.getByRole('button', { name: 'Submit flag' }).click();
    const sending = qa.getByRole('button', { name: 'Flagging…' });
    await sending.waitFor();
    expect(await sending.isDisabled()).toBe(true);
    expect(await reason.isDisabled()).toBe(true);
    expect(await qa.getByLabel('Category').isDisabled()).toBe(true);
    expect(await qa.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    await page.evaluate(() => (window as unknown as { __release(): void }).__release());
    await qa.locator('[data-flag="qaf_new"]').waitFor();
    const calls = await page.evaluate(() => (window as unknown as { __calls: { data?: string }[] }).__calls);
    expect(JSON.parse(calls[1]?.data ?? '{}')).toEqual({ ticketId: '101', reason: 'Check the tone' });
    expect(await qa.locator('[data-flag="qaf_new"]').innerText()).toContain('uncategorised · open');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a refused flag inline and keeps what was typed; Cancel closes the form', async () => {
    const { page } = await open({ flagging: 'duplicate' });
    const qa = page.locator('[data-panel="qa"]');
    await qa.getByRole('button', { name: 'Flag for QA review' }).click();
    const form = qa.getByRole('form', { name: 'Flag for QA review' });
    await form.getByLabel('Why should QA review this ticket?').fill('Again');
    await form.getByRole('button', { name: 'Submit flag' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'you already flagged ticket 101 for QA review on 2026-03-10 11:00 UTC and that flag is still open',
    );
    expect(await form.getByLabel('Why should QA review this ticket?').inputValue()).toBe('Again');
    expect(await form.getByRole('button', { name: 'Submit flag' }).isEnabled()).toBe(true);
    expect(await qa.locator('[data-flag]').count()).toBe(1);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await form.count()).toBe(0);
    expect(await qa.getByRole('button', { name: 'Flag for QA review' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    await page.close();
  });

  it('lists SOP suggestions with why, snippet, owner and badges; snippets stay text', async () => {
    const { page, errors } = await open();
    const refund = page.locator('[data-sop="refund-request"]');
    await refund.waitFor();
    const text = await refund.innerText();
    expect(text).toContain('Refund request');
    expect(text).toContain('Owner billing-lead@acme.example · version 2.3');
    expect(text).toContain('Why: tag refund · keyword "refund" · matches the ticket text');
    expect(text).toContain('…Use this when a customer asks for their refund <b>of an order</b>…');
    expect(await refund.locator('mark').innerText()).toBe('refund');
    expect(await refund.locator('.snippet b').count()).toBe(0);
    expect(text).not.toContain('needs review');
    const lockout = await page.locator('[data-sop="account-lockout"]').innerText();
    expect(lockout).toMatch(/needs review/);
    expect(lockout).toMatch(/Used/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens an SOP: steps as a checklist, the full procedure, and "Used this SOP" recorded', async () => {
    const { page, errors } = await open();
    const refund = page.locator('[data-sop="refund-request"]');
    await refund.getByRole('button', { name: 'Refund request' }).click();
    const steps = refund.locator('.steps li');
    await steps.first().waitFor();
    expect(await steps.count()).toBe(7);
    const first = refund.getByLabel('Find the order or invoice in the billing console');
    await first.check();
    expect(await first.isChecked()).toBe(true);
    await refund.locator('summary').click();
    expect(await refund.locator('.sop-body').innerText()).toContain('Refunds within the 30-day window');
    expect(await refund.locator('.sop-body a').getAttribute('href')).toBe(
      'https://help.acme.example/refund-policy',
    );

    await refund.getByRole('button', { name: 'Used this SOP' }).click();
    await refund.getByText('Recorded as used on this ticket').waitFor();
    expect(await refund.getByRole('button', { name: 'Used on this ticket' }).isDisabled()).toBe(true);
    expect(await refund.locator('.badge').innerText()).toBe('Used');
    const calls = await page.evaluate(
      () => (window as unknown as { __calls: { url: string; type: string; data?: string }[] }).__calls,
    );
    expect(calls.slice(1).map((c) => [c.type, c.url])).toEqual([
      ['GET', 'https://cb.test/api/sidebar/sops/refund-request'],
      ['POST', 'https://cb.test/api/sidebar/sops/refund-request/used'],
    ]);
    expect(JSON.parse(calls[2]?.data ?? '{}')).toEqual({ ticketId: '101' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says when a use was already recorded, and explains an SOP that cannot be loaded', async () => {
    const { page } = await open({ recorded: false, sops: { 'refund-request': aSopDetail() } });
    const refund = page.locator('[data-sop="refund-request"]');
    await refund.getByRole('button', { name: 'Refund request' }).click();
    await refund.getByRole('button', { name: 'Used this SOP' }).click();
    await refund.getByText(/Already recorded as used/).waitFor();
    const lockout = page.locator('[data-sop="account-lockout"]');
    await lockout.getByRole('button', { name: 'Account lockout' }).click();
    await lockout.getByRole('alert').waitFor();
    expect(await lockout.getByRole('alert').innerText()).toContain(
      'there is no SOP "account-lockout" in casebridge',
    );
    await page.close();
  });

  it('never runs script from an SOP: a hostile SOP renders as inert text', async () => {
    const hostile = sopDetailOf(HOSTILE_SOP);
    const payload = aPayload();
    payload.sops = [
      {
        id: HOSTILE_SOP_ID,
        title: hostile.title,
        owner: hostile.owner,
        version: '1',
        stale: true,
        reasons: ['tag refund'],
        snippet: [{ text: '<script>window.__pwned=1</script>', match: false }],
        usedAt: null,
      },
    ];
    const { page, errors } = await open({ payload, sops: { [HOSTILE_SOP_ID]: hostile } });
    const item = page.locator(`[data-sop="${HOSTILE_SOP_ID}"]`);
    await item.getByRole('button', { name: /Refund tricks/ }).click();
    await item.locator('.sop-body').waitFor({ state: 'attached' });
    await item.locator('summary').click();
    expect(await item.innerText()).toContain('<img src=x onerror="window.__pwned=1">Refund tricks');
    expect(await item.locator('.sop-body').innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await item.locator('script, img, iframe, object, embed').count()).toBe(0);
    for (const href of await item
      .locator('a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))
      expect(href).toMatch(/^https:/);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });
});
