import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppFolder } from '../../apps/zendesk-sidebar/build/app-folder.js';
import type { SidebarPayload } from '../../apps/zendesk-sidebar/src/api-types.js';
import { collectErrors, launchChromium } from './browser.js';
import { aPayload } from './fixtures.js';

type Mode = 'ok' | 'hang' | '401' | 'down';
interface Stub {
  mode: Mode;
  payload: SidebarPayload;
  ticketId: number | null;
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
      return Promise.resolve(structuredClone(w.__stub.payload));
    },
  };
  w.ZAFClient = { init: () => client };
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
    };
    await page.evaluate(installZaf, full);
    await page.addScriptTag({ content: js });
    return { page, errors };
  }

  it('renders the four panels, with a live SLA clock in colour and text', async () => {
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
});
