import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { CasebridgeError } from '../../../shared/errors.js';
import { pauseJob, resetJob, resumeJob } from '../../admin/job-actions.js';
import { withCasebridge } from '../context.js';
import { formatAgo, formatCount, formatDuration, formatTable, printJson } from '../output.js';

export const cliActor = () => `cli:${userInfo().username}`;

/** `casebridge jobs`, `jobs history|pause|resume|reset JOB`. */
export function register(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('sync jobs: list (the default), history, pause, resume, reset');
  // The listing is the default subcommand, so each subcommand owns its own --json.
  jobs
    .command('list', { isDefault: true })
    .description('list sync jobs with their health, last run, records synced and lag')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const rows = await casebridge.health();
        if (options.json) return printJson(rows);
        if (rows.length === 0) return console.log('no jobs are configured: add jobs to casebridge.yaml');
        const headers = ['JOB', 'CONNECTION', 'STREAMS', 'SCHEDULE', 'LAST RUN', 'STATUS', 'RECORDS', 'LAG'];
        const cells = rows.map((r) => [
          r.job,
          r.connection,
          r.streams.join(','),
          r.schedule,
          formatAgo(r.lastRun?.startedAt ?? null),
          r.pausedReason === null ? r.status : `${r.status}: ${r.pausedReason}`,
          formatCount(r.recordsSynced),
          r.lagSeconds === null ? '—' : formatDuration(r.lagSeconds * 1000),
        ]);
        console.log(formatTable(headers, cells));
      });
    });

  jobs
    .command('history')
    .description('recent runs of a job: counts, duration, error')
    .argument('<job>', 'job id')
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'print as JSON')
    .action(async (jobId: string, options: { limit: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        casebridge.job(jobId);
        const runs = await casebridge.store.syncRuns.history(jobId, Number(options.limit));
        if (options.json) return printJson(runs);
        if (runs.length === 0) return console.log(`${jobId} has not run yet: casebridge sync ${jobId}`);
        const headers = [
          'RUN',
          'STARTED',
          'TRIGGER',
          'STATUS',
          'UPSERTED',
          'DELETED',
          'QUARANTINED',
          'DURATION',
          'ERROR',
        ];
        const cells = runs.map((r) => [
          String(r.id),
          r.startedAt,
          r.trigger,
          r.status,
          formatCount(r.upserted),
          formatCount(r.deleted),
          formatCount(r.quarantined),
          r.finishedAt === null ? '—' : formatDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt)),
          r.error ?? '',
        ]);
        console.log(formatTable(headers, cells));
      });
    });

  jobs
    .command('pause')
    .description('stop scheduling a job until it is resumed')
    .argument('<job>', 'job id')
    .option('--reason <text>', 'why, for the other admins')
    .action(async (jobId: string, options: { reason?: string }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        await pauseJob(casebridge, jobId, cliActor(), options.reason ?? null);
        console.log(`paused ${jobId}: it will not run until \`casebridge jobs resume ${jobId}\``);
      });
    });

  jobs
    .command('resume')
    .description('schedule a paused job again')
    .argument('<job>', 'job id')
    .action(async (jobId: string, _options: unknown, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        await resumeJob(casebridge, jobId, cliActor());
        console.log(`resumed ${jobId}`);
      });
    });

  jobs
    .command('reset')
    .description('forget checkpoints so the next run re-reads from --from (default: the job’s startFrom)')
    .argument('<job>', 'job id')
    .option('--stream <stream>', 'only this stream')
    .option('--from <date>', 're-read from this date, e.g. 2024-05-01')
    .option('--yes', 'do not ask for confirmation')
    .action(
      async (jobId: string, options: { stream?: string; from?: string; yes?: boolean }, command: Command) => {
        await withCasebridge(command, async (casebridge) => {
          const job = casebridge.job(jobId);
          const what =
            options.stream === undefined ? `all streams of ${jobId}` : `${jobId}/${options.stream}`;
          const from = options.from ?? job.startFrom ?? 'the beginning';
          if (!options.yes && !(await confirm(`Reset ${what}? The next run re-reads from ${from}. [y/N] `))) {
            throw new CasebridgeError('jobs.reset.unconfirmed', `did not reset ${what}`, {
              hint: 'confirm, or pass --yes',
            });
          }
          const result = await resetJob(casebridge, jobId, cliActor(), {
            stream: options.stream,
            from: options.from,
          });
          console.log(
            `reset ${result.streams.join(', ')} of ${jobId}: the next sync re-reads from ${result.from ?? 'the beginning'}`,
          );
        });
      },
    );
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CasebridgeError(
      'jobs.reset.unconfirmed',
      'refusing to reset without confirmation when not on a terminal',
      { hint: 'pass --yes' },
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
