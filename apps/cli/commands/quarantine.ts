import type { Command } from 'commander';
import { discardQuarantined, getQuarantined, retryQuarantined } from '../../admin/quarantine-actions.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { cliActor } from './jobs.js';

/** `casebridge quarantine list|show|retry|discard`: records a connector could not map, with why. */
export function register(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description('review records that failed validation during sync');

  quarantine
    .command('list')
    .description('quarantined records, oldest first')
    .option('--job <job>', 'only this job')
    .option('--limit <n>', 'how many', '100')
    .option('--json', 'print as JSON')
    .action(async (options: { job?: string; limit: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        if (options.job !== undefined) casebridge.job(options.job);
        const records = await casebridge.store.quarantine.list(options.job, Number(options.limit));
        if (options.json) return printJson(records);
        if (records.length === 0) return console.log('nothing is quarantined');
        const cells = records.map((r) => [
          String(r.id),
          r.jobId,
          r.stream,
          r.externalId ?? '—',
          r.createdAt,
          r.reason,
        ]);
        console.log(formatTable(['ID', 'JOB', 'STREAM', 'RECORD', 'QUARANTINED', 'REASON'], cells));
      });
    });

  quarantine
    .command('show')
    .description('one quarantined record with its raw JSON')
    .argument('<id>', 'quarantine id')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withCasebridge(command, async (casebridge) =>
        printJson(await getQuarantined(casebridge, Number(id))),
      );
    });

  quarantine
    .command('retry')
    .description(
      'fetch the record again on the next sync of its stream (re-reads from --from or the job’s startFrom)',
    )
    .argument('<id>', 'quarantine id')
    .option('--from <date>', 're-read the stream from this date instead')
    .action(async (id: string, options: { from?: string }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const { record, from } = await retryQuarantined(casebridge, Number(id), cliActor(), options.from);
        console.log(
          `${record.jobId}/${record.stream} will re-read from ${from ?? 'the beginning'} on its next run; run now: casebridge sync ${record.jobId}`,
        );
      });
    });

  quarantine
    .command('discard')
    .description('drop a quarantined record')
    .argument('<id>', 'quarantine id')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const record = await discardQuarantined(casebridge, Number(id), cliActor());
        console.log(
          `discarded quarantined record ${id} (${record.jobId}/${record.stream} ${record.externalId ?? ''})`.trimEnd(),
        );
      });
    });
}
