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

  it('disputes a review, lets the lead decide, and shows the history', async () => {
    const csv = (await runCli(['qa', 'report', '--csv'], { cwd })).stdout.split('\r\n');
    const reviewId = csv[1]?.split(',')[1] as string;
    expect(reviewId).toMatch(/^rev_/);

    const stranger = await runCli(
      ['qa', 'dispute', reviewId, '--as', 'rita@acme.test', '--comment', 'not mine'],
      { cwd },
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(`only the reviewed agent may dispute review ${reviewId}`);

    const opened = await runCli(
      ['qa', 'dispute', reviewId, '--as', 'ana@acme.test', '--comment', 'The tone was fine', '--json'],
      { cwd },
    );
    expect(opened.stderr).toBe('');
    const disputeId = JSON.parse(opened.stdout).dispute.id as string;
    expect(JSON.parse((await runCli(['qa', 'report', '--json'], { cwd })).stdout).openDisputes).toHaveLength(
      1,
    );

    const neither = await runCli(['qa', 'resolve', disputeId, '--as', 'lead@acme.test'], { cwd });
    expect(neither.stderr).toContain('say --accept or --reject');
    const outsider = await runCli(['qa', 'resolve', disputeId, '--as', 'ana@acme.test', '--reject'], { cwd });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain('only the reviewer (rita@acme.test) or a QA lead may resolve');

    const accepted = await runCli(
      [
        'qa',
        'resolve',
        disputeId,
        '--as',
        'lead@acme.test',
        '--accept',
        '--ratings',
        'compliance=1,accuracy=4,resolution=4,tone=4,upsell=na',
        '--note',
        'agreed',
      ],
      { cwd },
    );
    expect(accepted.stderr).toBe('');
    // tone 66.67 → 100: (75×30 + 100×20 + 100×20 + 100×30) / 100
    expect(accepted.stdout).toContain('was accepted: the score is now 92.5%');
    const report = JSON.parse((await runCli(['qa', 'report', '--json'], { cwd })).stdout);
    expect(report).toMatchObject({ iqs: 92.5, openDisputes: [] });

    const history = await runCli(['qa', 'history', reviewId], { cwd });
    expect(history.stdout).toMatch(/disputed\s+ana@acme\.test/);
    expect(history.stdout).toContain(`dispute ${disputeId} by ana@acme.test: accepted by lead@acme.test`);
  });

  it('runs a blind calibration whose scores stay out of IQS', async () => {
    const notLead = await runCli(
      [
        'qa',
        'calibrate',
        'start',
        '7',
        '--reviewers',
        'rita@acme.test,sam@acme.test',
        '--as',
        'rita@acme.test',
      ],
      { cwd },
    );
    expect(notLead.code).toBe(1);
    expect(notLead.stderr).toContain('only a QA lead may start a calibration session');

    const started = await runCli(
      [
        'qa',
        'calibrate',
        'start',
        '7',
        '--reviewers',
        'rita@acme.test,sam@acme.test',
        '--as',
        'lead@acme.test',
      ],
      { cwd },
    );
    expect(started.stderr).toBe('');
    const id = /Calibration (cal_\S+) on ticket test-crm:7/.exec(started.stdout)?.[1] as string;
    expect(id).toBeDefined();

    const rita = await runCli(
      [
        'qa',
        'calibrate',
        'score',
        id,
        '--as',
        'rita@acme.test',
        '--ratings',
        'compliance=1,accuracy=4,resolution=4,tone=3,upsell=na',
      ],
      { cwd },
    );
    expect(rita.stdout).toContain(`Scored calibration ${id} as rita@acme.test.`);
    const blind = await runCli(['qa', 'calibrate', 'result', id], { cwd });
    expect(blind.stdout).toContain('Still blind: waiting for sam@acme.test');
    expect(blind.stdout).not.toContain('%');

    const uninvited = await runCli(
      ['qa', 'calibrate', 'score', id, '--as', 'zoe@acme.test', '--ratings', 'compliance=1'],
      { cwd },
    );
    expect(uninvited.stderr).toContain(`zoe@acme.test is not a reviewer of calibration ${id}`);
    await runCli(
      [
        'qa',
        'calibrate',
        'score',
        id,
        '--as',
        'sam@acme.test',
        '--ratings',
        'compliance=1,accuracy=2,resolution=4,tone=3,upsell=na',
      ],
      { cwd },
    );
    const result = JSON.parse((await runCli(['qa', 'calibrate', 'result', id, '--json'], { cwd })).stdout);
    const accuracy = result.results.categories.find(
      (c: { categoryId: string }) => c.categoryId === 'accuracy',
    );
    // 4 of 1–5 → 75, 2 of 1–5 → 25: a spread of 50 points.
    expect(accuracy).toMatchObject({ min: 25, max: 75, spread: 50 });
    const text = await runCli(['qa', 'calibrate', 'result', id], { cwd });
    expect(text.stdout).toMatch(/rita@acme\.test\s+85\.83%/);

    // IQS still counts the one review, not the calibration scores.
    expect(JSON.parse((await runCli(['qa', 'report', '--json'], { cwd })).stdout)).toMatchObject({
      reviews: 1,
      iqs: 92.5,
    });
  });

  it('assigns round-robin and samples, saying so when there is nothing to do', async () => {
    const none = await runCli(['qa', 'assign'], { cwd });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no reviewers to assign to');
    const sampled = await runCli(['qa', 'sample'], { cwd });
    expect(sampled.stdout).toContain('Sampling added 0 flag(s).');
  });
});
