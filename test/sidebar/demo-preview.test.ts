import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { waitForDemoSyncs } from '../helpers/demo.js';
import { collectErrors, launchChromium } from './browser.js';

/**
 * Issue 10's "done when" for the sidebar, literally: `casebridge start` with no config (the demo)
 * indexes the shipped SOP library, syncs the Zendesk sandbox, and the sidebar preview of a
 * ticket about a refund (its subject and its message ask for one) — opened in Chromium —
 * suggests the refund SOP, first.
 */
describe('the demo sidebar preview of a refund ticket', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-demo-preview-'));
  let demo: Awaited<ReturnType<typeof startCli>>;
  let base: string;
  let browser: Browser;
  let refund: string;

  beforeAll(async () => {
    demo = await startCli(['start', '--port', '0', '--data', join(cwd, 'data')], {
      cwd,
      ready: /listening on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    base = demo.match[1] as string;
    await waitForDemoSyncs(join(cwd, 'data'));
    const database = new SqliteDatabase(join(cwd, 'data', 'casebridge.db'), { readonly: true });
    const count = (query: string) => Number((database.prepare(query).get() as { n: number }).n);
    const sops = count('select count(*) as n from sops');
    const row = database
      .prepare(
        `select external_id from tickets
         where source = 'zendesk-demo' and deleted = 0
           and subject like 'Refund for order%' and description like '%refund%'
         order by cast(external_id as integer) limit 1`,
      )
      .get() as { external_id: string } | undefined;
    database.close();
    // `start` indexes sops/ before it serves: an empty index here means it did not.
    if (sops === 0) throw new Error(`casebridge start served with no SOP indexed:\n${demo.output()}`);
    if (row === undefined) throw new Error('the Zendesk sandbox synced no ticket about a refund');
    refund = row.external_id;
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    demo?.proc.kill('SIGTERM');
    await demo?.exited;
  });

  it('suggests the refund SOP, saying why, and opens its steps', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors = collectErrors(page);
    await page.goto(`${base}/zendesk-app/preview?ticket=${refund}`);
    const panel = page.frameLocator('#app').locator('[data-panel="sops"]');
    await panel.locator('[data-sop]').first().waitFor({ timeout: 20_000 });
    expect(await panel.locator('[data-sop]').first().getAttribute('data-sop')).toBe('refund-request');
    const sop = panel.locator('[data-sop="refund-request"]');
    expect(await sop.innerText()).toMatch(
      /Refund request[\s\S]*billing-lead@acme\.example[\s\S]*Why: .*keyword "refund"/,
    );
    await sop.getByRole('button', { name: 'Refund request' }).click();
    await sop.locator('.steps li').first().waitFor();
    expect(await sop.locator('.steps li').count()).toBe(7);
    expect(errors).toEqual([]);
    await page.close();
  });
});
