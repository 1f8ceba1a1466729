import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../../shared/store/index.js';
import { runCli } from '../helpers/cli.js';
import { aPerson, aTicket } from '../helpers/records.js';

const SCORECARDS = join(import.meta.dirname, '..', '..', 'scorecards');

/** `casebridge qa …` as a script would run it, against a SQLite store holding one flagged billing ticket. */
describe('casebridge qa', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-qa-cli-'));

  beforeAll(async () => {
    mkdirSync(join(cwd, 'data'));
    writeFileSync(
      join(cwd, 'casebridge.yaml'),
      stringify({
        database: 'sqlite:./data/qa.db',
        qa: { scorecards: SCORECARDS, leads: ['lead@acme.test'] },
      }),
    );
    const database = await openDatabase(parseDatabaseUrl(`sqlite:${join(cwd, 'data', 'qa.db')}`));
    await migrateToLatest(database);
    const store = createStore(database);
    await store.people.upsertMany([aPerson({ externalId: 'ana', email: 'ana@acme.test', role: 'agent' })]);
    await store.tickets.upsertMany([
      aTicket({
        externalId: '7',
        channel: 'chat',
        tags: ['refund'],
        assigneeId: 'test-crm:ana',
        groupId: 'test-crm:billing',
      }),
    ]);
    await store.qaFlags.add({
      id: 'flag-7',
      ticketId: 'test-crm:7',
      flaggedBy: 'slack:U1',
      reason: 'asked for the card number',
      category: null,
      severity: 'high',
      permalink: null,
      source: 'slack',
      status: 'open',
      createdAt: new Date().toISOString(),
      claimedBy: null,
      claimedAt: null,
    });
    await store.close();
  });

  it('lists the example scorecards, queues, claims and reviews, then reports the score as text, JSON and CSV', async () => {
    const scorecards = await runCli(['qa', 'scorecards'], { cwd });
    expect(scorecards.stderr).toBe('');
    expect(scorecards.stdout).toMatch(/billing-pci\s+[0-9a-f]{12}\s+Billing and payments \(PCI\)\s+5/);
    expect(scorecards.stdout).toMatch(/email-support/);
    expect(scorecards.stdout).toMatch(/phone-chat/);

    expect((await runCli(['qa', 'queue'], { cwd })).stdout).toMatch(/flag-7\s+test-crm:7\s+open/);
    const self = await runCli(['qa', 'claim', 'flag-7', '--as', 'ana@acme.test'], { cwd });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('ana@acme.test is the agent on ticket 7 and cannot review it');
    expect((await runCli(['qa', 'claim', 'flag-7', '--as', 'rita@acme.test'], { cwd })).stdout).toContain(
      'claimed by rita@acme.test',
    );

    const bad = await runCli(
      ['qa', 'review', 'flag-7', '--as', 'rita@acme.test', '--ratings', 'compliance=3'],
      { cwd },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PCI and verification compliance: 3 is out of range (expected 0–1)');
    const ratings = 'compliance=1,accuracy=4,resolution=4,tone=3,upsell=na';
    const review = await runCli(
      ['qa', 'review', 'flag-7', '--as', 'rita@acme.test', '--ratings', ratings, '--comment', 'Good'],
      { cwd },
    );
    expect(review.stderr).toBe('');
    // accuracy 75×30 + resolution 100×20 + tone 66.67×20 + compliance 100×30 → 8583.33 / 100
    expect(review.stdout).toContain('against "Billing and payments (PCI)": 85.83%');

    const text = await runCli(['qa', 'report', '--days', '7'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('IQS 85.83% over 1 review(s)');
    expect(text.stdout).toMatch(/ana@acme\.test\s+1\s+85\.83%/);
    expect(text.stdout).toMatch(/test-crm:billing\s+1\s+85\.83%/);
    expect(text.stdout).toMatch(/rita@acme\.test\s+1\s+0\s+0/);

    const json = JSON.parse(
      (await runCli(['qa', 'report', '--json', '--agent', 'ana@acme.test'], { cwd })).stdout,
    );
    expect(json).toMatchObject({
      reviews: 1,
      iqs: 85.83,
      agents: [{ key: 'ana@acme.test', iqs: 85.83 }],
      openDisputes: [],
    });
    const csv = (await runCli(['qa', 'report', '--csv'], { cwd })).stdout.split('\r\n');
    expect(csv[0]).toContain('billing-pci.accuracy');
    expect(csv[1]).toContain(',85.83,submitted,');

    const days = await runCli(['qa', 'report', '--days', 'soon'], { cwd });
    expect(days.stderr).toContain('--days must be a whole number of days, not "soon"');
  });
});
