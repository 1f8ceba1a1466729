import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { CasebridgeError } from '../../../shared/errors.js';
import type { Casebridge } from '../../composition-root.js';
import { withCasebridge } from '../context.js';
import { formatAgo, formatCount, formatDuration, formatTable, printJson } from '../output.js';

/** `casebridge jobs`, `jobs history JOB`, `jobs reset JOB`. */
export function register(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('list sync jobs with their last run and health')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const rows = await jobRows(casebridge);
        if (options.json) return printJson(rows);
        if (rows.length === 0) return console.log('no jobs are configured: add jobs to casebridge.yaml');
        console.log(
          formatTable(
            ['JOB', 'CONNECTION', 'STREAMS', 'SCHEDULE', 'LAST RUN', 'STATUS', 'RECORDS'],
            rows.map((r) => [
              r.job,
              r.connection,
              r.streams.join(','),
              r.schedule,
              formatAgo(r.lastRunAt),
              r.status,
              formatCount(r.recordsSynced),
            ]),
          ),
        );
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
        console.log(
          formatTable(
            [
              'RUN',
              'STARTED',
              'TRIGGER',
              'STATUS',
              'UPSERTED',
              'DELETED',
              'QUARANTINED',
              'DURATION',
              'ERROR',
            ],
            runs.map((r) => [
              String(r.id),
              r.startedAt,
              r.trigger,
              r.status,
              formatCount(r.upserted),
              formatCount(r.deleted),
              formatCount(r.quarantined),
              r.finishedAt === null
                ? '—'
                : formatDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt)),
              r.error ?? '',
            ]),
          ),
        );
      });
    });

  jobs
    .command('reset')
    .description('forget a job’s checkpoints so the next run starts again from startFrom')
    .argument('<job>', 'job id')
    .option('--stream <stream>', 'only this stream')
    .option('--yes', 'do not ask for confirmation')
    .action(async (jobId: string, options: { stream?: string; yes?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const job = casebridge.job(jobId);
        if (options.stream !== undefined && !job.streams.includes(options.stream)) {
          throw new CasebridgeError('jobs.stream', `${jobId} has no stream "${options.stream}"`, {
            hint: `its streams: ${job.streams.join(', ')}`,
          });
        }
        const what = options.stream === undefined ? `all streams of ${jobId}` : `${jobId}/${options.stream}`;
        if (
          !options.yes &&
          !(await confirm(
            `Reset ${what}? The next run re-reads from ${job.startFrom ?? 'the beginning'}. [y/N] `,
          ))
        ) {
          throw new CasebridgeError('jobs.reset.unconfirmed', `did not reset ${what}`, {
            hint: 'confirm, or pass --yes',
          });
        }
        await casebridge.store.transaction(async (tx) => {
          await tx.syncState.clear(jobId, options.stream);
          await tx.auditLog.record({
            actor: `cli:${userInfo().username}`,
            action: 'jobs.reset',
            target: jobId,
            details: { stream: options.stream ?? null },
          });
        });
        console.log(`reset ${what}: the next sync starts from ${job.startFrom ?? 'the beginning'}`);
      });
    });
}

interface JobRow {
  job: string;
  connection: string;
  streams: string[];
  schedule: string;
  enabled: boolean;
  lastRunAt: string | null;
  status: string;
  lastError: string | null;
  recordsSynced: number;
}

async function jobRows(casebridge: Casebridge): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for (const job of casebridge.config.jobs) {
    const last = await casebridge.store.syncRuns.last(job.id);
    rows.push({
      job: job.id,
      connection: job.connection,
      streams: job.streams,
      schedule:
        job.every !== undefined
          ? `every ${job.every}`
          : job.cron !== undefined
            ? `cron ${job.cron}`
            : 'manual',
      enabled: job.enabled,
      lastRunAt: last?.startedAt ?? null,
      status: !job.enabled ? 'disabled' : (last?.status ?? 'never run'),
      lastError: last?.error ?? null,
      recordsSynced: await casebridge.store.syncRuns.totalUpserted(job.id),
    });
  }
  return rows;
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
