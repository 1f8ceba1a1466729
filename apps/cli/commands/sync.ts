import type { Command } from 'commander';
import type { RunResult } from '../../../shared/sync/index.js';
import { withCasebridge } from '../context.js';
import { formatCount, formatDuration, printJson } from '../output.js';
import { syncProgress } from '../progress.js';

/** `casebridge sync [JOB...] [--full]`: runs jobs once; one summary line per job; exit 1 if any failed. */
export function register(program: Command): void {
  program
    .command('sync')
    .description('run sync jobs once (all enabled jobs when none is named)')
    .argument('[jobs...]', 'job ids from the config')
    .option('--full', 'start over from each job’s startFrom (a backfill), ignoring checkpoints')
    .option('--json', 'print the run results as JSON')
    .action(async (jobIds: string[], options: { full?: boolean; json?: boolean }, command: Command) => {
      const results = await withCasebridge(command, async (casebridge) => {
        const ids =
          jobIds.length > 0 ? jobIds : casebridge.config.jobs.filter((j) => j.enabled).map((j) => j.id);
        for (const id of ids) casebridge.job(id);
        if (ids.length === 0 && !options.json)
          console.log('no jobs are configured: add jobs to casebridge.yaml');
        const done: RunResult[] = [];
        for (const id of ids) {
          const observer = options.json ? undefined : syncProgress();
          const result = await casebridge.sync(id, {
            full: options.full ?? false,
            ...(observer && { observer }),
          });
          if (!options.json) console.log(summaryLine(result));
          done.push(result);
        }
        return done;
      });
      if (options.json) printJson(results);
      if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
    });
}

export function summaryLine(result: RunResult): string {
  const { upserted, deleted, quarantined, pages } = result.counts;
  const took = formatDuration(result.durationMs);
  if (result.status === 'failed') return `✖ ${result.jobId} failed after ${took}: ${result.error}`;
  if (result.status === 'paused')
    return `⏸ ${result.jobId} stopped after ${took}, ${formatCount(upserted)} upserted so far: ${result.error}`;
  return `✔ ${result.jobId}: ${formatCount(upserted)} upserted, ${formatCount(deleted)} deleted, ${formatCount(quarantined)} quarantined, ${formatCount(pages)} pages in ${took}`;
}
