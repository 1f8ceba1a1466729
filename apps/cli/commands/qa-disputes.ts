import type { Command } from 'commander';
import { CasebridgeError } from '../../../shared/errors.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { parseRatings, qaService } from './qa.js';

/** `casebridge qa dispute|resolve|history`: an agent disputes a review, its reviewer or a lead decides. */
export function registerDisputes(qa: Command): void {
  qa.command('dispute <review>')
    .description('dispute a review (by its agent, within qa.disputeWindowDays)')
    .requiredOption('--as <agent>', 'the reviewed agent (email)')
    .requiredOption('--comment <text>', 'what is wrong with the review')
    .option('--ratings <list>', 'the scores the agent proposes: category=rating pairs (na for N/A)')
    .option('--json', 'print the dispute and the notification as JSON')
    .action(
      async (
        review: string,
        options: { as: string; comment: string; ratings?: string; json?: boolean },
        command: Command,
      ) => {
        await withCasebridge(command, async (casebridge) => {
          const result = await qaService(casebridge).dispute({
            reviewId: review,
            agent: options.as,
            comment: options.comment,
            ...(options.ratings !== undefined && { proposed: parseRatings(options.ratings) }),
          });
          if (options.json) return printJson(result);
          console.log(
            `Dispute ${result.dispute.id} opened on review ${review}; ${result.notification.to.identity ?? 'the reviewer'} decides.`,
          );
        });
      },
    );

  qa.command('resolve <dispute>')
    .description('accept (rescore) or reject a dispute: the reviewer or a QA lead')
    .requiredOption('--as <person>', 'the reviewer or a lead (email)')
    .option('--accept', 'accept: the review is rescored (with --ratings, else as the agent proposed)')
    .option('--reject', 'reject: the score stays')
    .option('--ratings <list>', 'the scores to keep when accepting')
    .option('--note <text>', 'why')
    .option('--json', 'print the outcome and the notification as JSON')
    .action(
      async (
        dispute: string,
        options: {
          as: string;
          accept?: boolean;
          reject?: boolean;
          ratings?: string;
          note?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (options.accept === options.reject)
          throw new CasebridgeError('cli.decision', 'say --accept or --reject (one of them)');
        await withCasebridge(command, async (casebridge) => {
          const result = await qaService(casebridge).resolveDispute({
            disputeId: dispute,
            by: options.as,
            decision: options.accept ? 'accept' : 'reject',
            ...(options.ratings !== undefined && { ratings: parseRatings(options.ratings) }),
            ...(options.note !== undefined && { note: options.note }),
          });
          if (options.json) return printJson(result);
          console.log(result.notification.text);
        });
      },
    );

  qa.command('history <review>')
    .description('everything that happened to a review: scored, notified, disputed, rescored')
    .option('--json', 'print as JSON')
    .action(async (review: string, options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const history = await qaService(casebridge).history(review);
        if (options.json) return printJson(history);
        if (history.events.length === 0)
          throw new CasebridgeError('qa.review.unknown', `there is no review ${review}`);
        console.log(
          formatTable(
            ['AT', 'EVENT', 'BY', 'DETAILS'],
            history.events.map((e) => [
              e.at.slice(0, 19).replace('T', ' '),
              e.type,
              e.actor,
              describe(e.details),
            ]),
          ),
        );
        for (const d of history.disputes)
          console.log(
            `dispute ${d.id} by ${d.agent}: ${d.status}${d.resolvedBy === null ? '' : ` by ${d.resolvedBy}`} — ${d.comment}`,
          );
      });
    });
}

function describe(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ')
    .slice(0, 120);
}
