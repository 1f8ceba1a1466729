import type { Command } from 'commander';
import type { CalibrationResult } from '../../../shared/services/qa/index.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { parseRatings, qaService } from './qa.js';

/**
 * `casebridge qa calibrate start|score|close|result`: several reviewers score one ticket blind;
 * nobody sees the spread until everyone scored or a lead closes the session. Calibration
 * scores never count toward IQS.
 */
export function registerCalibration(qa: Command): void {
  const calibrate = qa.command('calibrate').description('blind calibration sessions and their spread');

  calibrate
    .command('start <ticket>')
    .description('start a session on a ticket (record id or number) for two or more reviewers')
    .requiredOption('--reviewers <list>', 'reviewer emails, comma separated')
    .requiredOption('--as <lead>', 'the QA lead starting it (qa.leads)')
    .action(async (ticket: string, options: { reviewers: string; as: string }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const [found] = await casebridge.store.tickets.findByReference(ticket.replace(/^#/, ''));
        const calibration = await qaService(casebridge).startCalibration({
          ticketId: found?.id ?? ticket,
          reviewers: options.reviewers
            .split(',')
            .map((r) => r.trim())
            .filter((r) => r !== ''),
          startedBy: options.as,
        });
        console.log(
          `Calibration ${calibration.id} on ticket ${calibration.ticketId}: waiting for ${calibration.reviewers.join(', ')}.`,
        );
      });
    });

  calibrate
    .command('score <calibration>')
    .description('score the session’s ticket blind: --ratings greeting=1,resolution=4,tone=na')
    .requiredOption('--as <reviewer>', 'an invited reviewer (email)')
    .requiredOption('--ratings <list>', 'category=rating pairs, comma separated (na for N/A)')
    .option('--comment <text>', 'a comment', '')
    .action(
      async (
        calibration: string,
        options: { as: string; ratings: string; comment: string },
        command: Command,
      ) => {
        await withCasebridge(command, async (casebridge) => {
          const review = await qaService(casebridge).submitCalibration({
            calibrationId: calibration,
            reviewer: options.as,
            ratings: parseRatings(options.ratings),
            comment: options.comment,
          });
          // The score itself stays hidden until the session's result is out: the session is blind.
          console.log(`Scored calibration ${calibration} as ${review.reviewer}.`);
        });
      },
    );

  calibrate
    .command('close <calibration>')
    .description('close a session: its result is shown even if some reviewers never scored')
    .action(async (calibration: string, _options: unknown, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        await qaService(casebridge).closeCalibration(calibration);
        console.log(`Calibration ${calibration} is closed.`);
      });
    });

  calibrate
    .command('result <calibration>')
    .description('the spread per category once everyone scored (or the session was closed)')
    .option('--json', 'print as JSON')
    .action(async (calibration: string, options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const result = await qaService(casebridge).calibrationResult(calibration);
        if (options.json) return printJson(result);
        console.log(renderCalibration(result));
      });
    });
}

export function renderCalibration(r: CalibrationResult): string {
  const head = `Calibration ${r.calibration.id} on ticket ${r.calibration.ticketId}: ${r.submitted.length} of ${r.calibration.reviewers.length} scored${r.calibration.closedAt === null ? '' : ' (closed)'}.`;
  if (r.results === null)
    return `${head}\nStill blind: waiting for ${r.pending.join(', ')}. Scores are shown when everyone has scored or the session is closed.`;
  const pct = (n: number | null) => (n === null ? 'n/a' : n.toFixed(2));
  return [
    head,
    '',
    formatTable(
      ['REVIEWER', 'SCORE'],
      r.results.reviews.map((x) => [x.reviewer, `${x.score.toFixed(2)}%`]),
    ),
    '',
    formatTable(
      ['CATEGORY', 'MIN', 'MAX', 'SPREAD', 'STD DEV'],
      r.results.categories.map((c) => [c.name, pct(c.min), pct(c.max), pct(c.spread), pct(c.stdDev)]),
    ),
  ].join('\n');
}
