import type { Command } from 'commander';
import { z } from 'zod';
import { CasebridgeError } from '../../../shared/errors.js';
import {
  createQaService,
  type QaReport,
  type QaService,
  type Ratings,
} from '../../../shared/services/qa/index.js';
import type { Casebridge } from '../../composition-root.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson, writeOut } from '../output.js';
import { registerCalibration } from './qa-calibrate.js';
import { registerDisputes } from './qa-disputes.js';

export function qaService(casebridge: Casebridge): QaService {
  return createQaService({
    store: casebridge.store,
    config: () => casebridge.config.qa,
    baseDir: casebridge.loaded.baseDir,
  });
}

const Days = z.coerce.number().int().min(1).max(3650);

/**
 * `casebridge qa report|queue|claim|assign|review|scorecards|sample`, disputes and calibration:
 * QA from scripts and terminals. Actors are given with --as (an email, as in qa.reviewers/leads).
 */
export function register(program: Command): void {
  const qa = program.command('qa').description('QA scorecards, review queue and reports');
  registerDisputes(qa);
  registerCalibration(qa);
  qa.command('report')
    .description('IQS per agent and group with trend, categories, failed checklist items, workload, disputes')
    .option('--days <n>', 'the period: the last N days', '30')
    .option('--group <group>', 'only reviews of this group (record id)')
    .option('--agent <email>', 'only reviews of this agent (email or record id)')
    .option('--json', 'print as JSON')
    .option('--csv', 'one line per review, for spreadsheets')
    .action(
      async (
        options: { days: string; group?: string; agent?: string; json?: boolean; csv?: boolean },
        command: Command,
      ) => {
        const days = Days.safeParse(options.days);
        if (!days.success)
          throw new CasebridgeError(
            'cli.days',
            `--days must be a whole number of days, not "${options.days}"`,
          );
        await withCasebridge(command, async (casebridge) => {
          const service = qaService(casebridge);
          const filter = { days: days.data, group: options.group, agent: options.agent };
          if (options.csv) return writeOut(await service.reportCsv(filter));
          const report = await service.report(filter);
          if (options.json) return printJson(report);
          console.log(renderQaReport(report));
        });
      },
    );
  qa.command('queue')
    .description('open and claimed QA flags, oldest first')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const flags = await qaService(casebridge).queue();
        if (options.json) return printJson(flags);
        if (flags.length === 0) return console.log('The QA queue is empty.');
        const rows = flags.map((f) => [
          f.id,
          f.ticketId,
          f.status,
          f.claimedBy ?? '',
          f.source,
          f.reason.slice(0, 60),
        ]);
        console.log(formatTable(['FLAG', 'TICKET', 'STATUS', 'CLAIMED BY', 'SOURCE', 'REASON'], rows));
      });
    });
  qa.command('claim <flag>')
    .description('claim a flag for review')
    .requiredOption('--as <reviewer>', 'the reviewer (email)')
    .action(async (flag: string, options: { as: string }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const claimed = await qaService(casebridge).claim(flag, options.as);
        console.log(`Flag ${claimed.id} (ticket ${claimed.ticketId}) is claimed by ${options.as}.`);
      });
    });
  qa.command('assign')
    .description('round-robin: hand the oldest open flag to the configured reviewer with the fewest claims')
    .action(async (_options: unknown, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const flag = await qaService(casebridge).assignNext();
        if (flag === null) return console.log('No open flag to assign.');
        console.log(
          `Flag ${flag.id} (ticket ${flag.ticketId}) is assigned to ${flag.claimedBy ?? 'nobody'}.`,
        );
      });
    });
  qa.command('sample')
    .description('run the qa.sampling rules over last week (Monday to Monday, UTC) and queue new flags')
    .option('--json', 'print the flags added as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const added = await qaService(casebridge).runSampling();
        if (options.json) return printJson(added);
        console.log(`Sampling added ${added.length} flag(s).`);
        for (const f of added) console.log(`  ${f.id}: ${f.reason}`);
      });
    });
  qa.command('review <flag>')
    .description('score a flagged ticket: --ratings greeting=1,resolution=4,tone=na')
    .requiredOption('--as <reviewer>', 'the reviewer (email)')
    .requiredOption('--ratings <list>', 'category=rating pairs, comma separated (na for N/A)')
    .option('--comment <text>', 'the review comment', '')
    .option('--json', 'print the review and the notification as JSON')
    .action(
      async (
        flag: string,
        options: { as: string; ratings: string; comment: string; json?: boolean },
        command: Command,
      ) => {
        await withCasebridge(command, async (casebridge) => {
          const service = qaService(casebridge);
          const form = await service.reviewForm(flag);
          const result = await service.submitReview({
            flagId: flag,
            reviewer: options.as,
            scorecardVersionId: form.scorecard.versionId,
            ratings: parseRatings(options.ratings),
            comment: options.comment,
          });
          if (options.json) return printJson(result);
          console.log(
            `Reviewed ticket ${form.ticket.number} against "${form.scorecard.definition.name}": ${result.review.score.toFixed(2)}%.`,
          );
        });
      },
    );
  qa.command('scorecards')
    .description('the scorecards loaded from the configured folder, and the files refused')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const { scorecards, problems } = qaService(casebridge).scorecards();
        if (options.json) return printJson({ scorecards, problems });
        const rows = scorecards.map((s) => [
          s.id,
          s.version,
          s.definition.name,
          String(s.definition.categories.length),
          s.file,
        ]);
        console.log(formatTable(['SCORECARD', 'VERSION', 'NAME', 'CATEGORIES', 'FILE'], rows));
        for (const p of problems)
          console.log(`refused ${p.file}${p.path === '' ? '' : ` at ${p.path}`}: ${p.reason}`);
        if (problems.length > 0) process.exitCode = 1;
      });
    });
}

export function parseRatings(text: string): Ratings {
  const ratings: Ratings = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [category, value] = pair.split('=').map((s) => s.trim());
    if (
      category === undefined ||
      value === undefined ||
      value === '' ||
      (value !== 'na' && Number.isNaN(Number(value)))
    )
      throw new CasebridgeError(
        'cli.ratings',
        `"${pair}" is not category=rating (e.g. resolution=4 or tone=na)`,
      );
    ratings[category] = value === 'na' ? 'na' : Number(value);
  }
  return ratings;
}

export function renderQaReport(r: QaReport): string {
  const pct = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(2)}%`);
  const trend = (n: number | null) => (n === null ? '' : `${n >= 0 ? '+' : ''}${n.toFixed(2)}`);
  const iqsTable = (title: string, rows: QaReport['agents']) =>
    formatTable(
      [title, 'REVIEWS', 'IQS', 'PREVIOUS', 'TREND'],
      rows.map((a) => [a.key, String(a.reviews), pct(a.iqs), pct(a.previousIqs), trend(a.trend)]),
    );
  const lines = [
    `QA ${r.period.from.slice(0, 10)} → ${r.period.to.slice(0, 10)}: IQS ${pct(r.iqs)} over ${r.reviews} review(s) (previous period ${pct(r.previousIqs)}; calibration excluded)`,
  ];
  if (r.reviews > 0) {
    lines.push('', iqsTable('AGENT', r.agents), '', iqsTable('GROUP', r.groups), '');
    lines.push(
      formatTable(
        ['SCORECARD', 'CATEGORY', 'RATED', 'N/A', 'AVERAGE', 'FAILED'],
        r.categories.map((c) => [
          c.scorecard,
          c.name,
          String(c.rated),
          String(c.na),
          pct(c.average),
          String(c.failed),
        ]),
      ),
    );
  }
  if (r.failedItems.length > 0)
    lines.push(
      '',
      'Most-failed checklist items:',
      ...r.failedItems.map((i) => `  ${i.count}× ${i.scorecard}/${i.category}: ${i.text}`),
    );
  if (r.reviewers.length > 0)
    lines.push(
      '',
      formatTable(
        ['REVIEWER', 'REVIEWS', 'CALIBRATIONS', 'CLAIMED'],
        r.reviewers.map((w) => [w.reviewer, String(w.reviews), String(w.calibrations), String(w.claimed)]),
      ),
    );
  lines.push(
    '',
    r.openDisputes.length === 0 ? 'No open disputes.' : `Open disputes (${r.openDisputes.length}):`,
  );
  for (const d of r.openDisputes)
    lines.push(
      `  ${d.id} ticket ${d.ticketId}: ${d.agent} vs ${d.reviewer}, opened ${d.openedAt.slice(0, 10)}`,
    );
  return lines.join('\n');
}
