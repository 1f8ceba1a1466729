import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SopWatcher, startSopWatcher } from '../../apps/sop-watcher.js';
import { createLogger } from '../../shared/log/logger.js';
import { searchSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { sopFolder, sopText, writeSop } from './corpus.js';

/** A logger whose lines the test can read. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    destination: new Writable({
      write: (chunk, _e, done) => {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  return { log, messages: () => lines.map((l) => String(l.msg)) };
}

const ids = async (store: Store, query: string) => (await searchSops(store, query)).map((h) => h.sop.id);
const within = { timeout: 5_000, interval: 50 };

const REFUND = sopText({ id: 'refund-request', title: 'Refund request', body: '1. Refund to the card.' });
const TARIFF = sopText({
  id: 'tariff-change',
  title: 'Tariff change',
  body: '1. Move the customer to the new tariff.',
});

describe.each(await storeKinds())('the SOP folder watcher on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const watchers: SopWatcher[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(async () => {
    for (const watcher of watchers) await watcher.stop();
    await dispose();
  });

  it('indexes before it returns, then follows added, changed and deleted files', async () => {
    const folder = sopFolder({ 'refund.md': REFUND });
    const { log, messages } = capturedLog();
    const watcher = await startSopWatcher({ store, folder, log, debounceMs: 50 });
    watchers.push(watcher);
    expect(await ids(store, 'refund')).toEqual(['refund-request']);
    expect(messages()).toContain('SOPs indexed: 1 added, 0 updated, 0 removed, 0 unchanged');

    writeSop(folder, 'billing/tariff.md', TARIFF);
    await expect.poll(() => ids(store, 'tariff'), within).toEqual(['tariff-change']);
    expect(messages()).toContain('SOPs indexed: 1 added, 0 updated, 0 removed, 1 unchanged');

    writeSop(folder, 'billing/tariff.md', TARIFF.replace('new tariff', 'cheaper plan'));
    await expect.poll(() => ids(store, 'cheaper'), within).toEqual(['tariff-change']);

    unlinkSync(join(folder, 'billing', 'tariff.md'));
    await expect.poll(() => ids(store, 'tariff'), within).toEqual([]);
    expect(messages()).toContain('SOPs indexed: 0 added, 0 updated, 1 removed, 1 unchanged');
    await watcher.stop();
  });

  it('reports a malformed file with its line, keeps the others, and ignores dot-files', async () => {
    const folder = sopFolder({ 'refund.md': REFUND });
    const { log, messages } = capturedLog();
    const watcher = await startSopWatcher({ store, folder, log, debounceMs: 50 });
    watchers.push(watcher);
    writeFileSync(join(folder, 'broken.md'), '---\nid: broken\ntitle: [unclosed\n---\nbody\n');
    writeSop(folder, 'tariff.md', TARIFF);
    await expect.poll(() => ids(store, 'tariff'), within).toEqual(['tariff-change']);
    expect(messages().find((m) => m.startsWith('SOP file refused: broken.md:'))).toMatch(
      /^SOP file refused: broken\.md:\d+: /,
    );
    expect(await ids(store, 'refund')).toEqual(['refund-request']);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = messages().length;
    mkdirSync(join(folder, '.git'));
    writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages().length).toBe(before);
    await watcher.stop();
  });

  it('waits for a folder that does not exist yet, and stops following changes when stopped', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'casebridge-sop-watch-'));
    const folder = join(parent, 'sops');
    const { log, messages } = capturedLog();
    const watcher = await startSopWatcher({ store, folder, log, debounceMs: 50, pollMs: 50 });
    watchers.push(watcher);
    expect(messages()).toContain(
      `SOP folder ${folder} does not exist: SOP search stays empty until it is created`,
    );
    writeSop(folder, 'lockout.md', sopText({ id: 'account-lockout', title: 'Account lockout', body: 'x' }));
    await expect.poll(() => ids(store, 'lockout'), within).toEqual(['account-lockout']);

    await watcher.stop();
    writeSop(folder, 'outage.md', sopText({ id: 'outage', title: 'Outage communication', body: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await ids(store, 'outage')).toEqual([]);
    rmSync(parent, { recursive: true, force: true });
  });

  it('retries a failed reindex, and two processes watching one folder end up with one index', async () => {
    const folder = sopFolder({ 'refund.md': REFUND });
    let failures = 1;
    const flaky = {
      ...store,
      sops: {
        ...store.sops,
        list: async () => {
          if (failures-- > 0) throw new Error('connection reset by peer');
          return store.sops.list();
        },
      },
    } as Store;
    const { log, messages } = capturedLog();
    const first = await startSopWatcher({ store: flaky, folder, log, debounceMs: 50, retryMs: 50 });
    watchers.push(first);
    expect(messages()).toContain('SOP reindex failed; retrying in 0s');
    await expect.poll(() => ids(store, 'refund'), within).toEqual(['refund-request']);

    // A second `start` process on the same database and folder (PostgreSQL scale-out).
    const second = await startSopWatcher({ store, folder, log, debounceMs: 50, retryMs: 50 });
    watchers.push(second);
    for (let i = 0; i < 5; i++)
      writeSop(folder, `more/tariff-${i}.md`, TARIFF.replace('tariff-change', `tariff-${i}`));
    await expect
      .poll(async () => (await ids(store, 'tariff')).sort(), within)
      .toEqual(['tariff-0', 'tariff-1', 'tariff-2', 'tariff-3', 'tariff-4']);
    await first.stop();
    await second.stop();
  });

  it('keeps the last index when the folder is removed, and picks it up again when it is back', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'casebridge-sop-watch-'));
    const folder = join(parent, 'library');
    writeSop(
      folder,
      'escalation.md',
      sopText({ id: 'escalation', title: 'Escalation to engineering', body: 'x' }),
    );
    const { log, messages } = capturedLog();
    const watcher = await startSopWatcher({ store, folder, log, debounceMs: 50, pollMs: 50 });
    watchers.push(watcher);
    expect(await ids(store, 'engineering')).toEqual(['escalation']);

    rmSync(folder, { recursive: true });
    await expect
      .poll(() => messages().some((m) => m.includes('is gone; the last index stays')), within)
      .toBe(true);
    expect(await ids(store, 'engineering')).toEqual(['escalation']);

    writeSop(
      folder,
      'deletion.md',
      sopText({ id: 'data-deletion', title: 'Data deletion request', body: 'x' }),
    );
    await expect.poll(() => ids(store, 'deletion'), within).toEqual(['data-deletion']);
    // The escalation file did not come back with the folder: it leaves the index.
    expect(await ids(store, 'engineering')).toEqual([]);
    await watcher.stop();
    rmSync(parent, { recursive: true, force: true });
  });
});
