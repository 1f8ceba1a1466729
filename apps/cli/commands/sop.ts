import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { sopFolder } from '../../../shared/config/sections/sop.js';
import {
  describeLoadError,
  type ReindexResult,
  reindexSops,
  type SopReport,
  searchSops,
  snippetToText,
  sopReport,
  staleSops,
  verifySop,
} from '../../../shared/services/sop/index.js';
import type { Casebridge } from '../../composition-root.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';

const actor = () => `cli:${userInfo().username}`;

/** Brings the index up to date with the folder (cheap when nothing changed: files are hashed). */
async function reindex(casebridge: Casebridge): Promise<ReindexResult> {
  return reindexSops(casebridge.store, sopFolder(casebridge.config.sop, casebridge.loaded.baseDir));
}

function warnErrors(result: ReindexResult): void {
  for (const error of result.errors) console.error(`casebridge: skipped ${describeLoadError(error)}`);
}

/** SQLite's snippets carry their own ellipses where text was cut, PostgreSQL's none: add them once. */
const framed = (text: string) => `${text.startsWith('…') ? '' : '…'}${text}${text.endsWith('…') ? '' : '…'}`;

const positiveInt = (text: string, name: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number above 0 (got "${text}")`);
  return n;
};

/** `casebridge sop search|reindex|verify|stale|report`. */
export function register(program: Command): void {
  const sop = program.command('sop').description('the SOP library: search, reindex, verify, report');

  sop
    .command('search')
    .description('full-text search of the SOPs, best first, with highlighted snippets')
    .argument('<query...>', 'words; "quoted phrases" stay together')
    .option('--limit <n>', 'how many results', '10')
    .option('--json', 'print as JSON')
    .action(async (query: string[], options: { limit: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        warnErrors(await reindex(casebridge));
        const text = query.join(' ');
        const hits = await searchSops(casebridge.store, text, {
          limit: positiveInt(options.limit, '--limit'),
        });
        if (options.json)
          return printJson(hits.map((h) => ({ ...h, snippetText: snippetToText(h.snippet, ['**', '**']) })));
        if (hits.length === 0) return console.log(`no SOP matches "${text}"`);
        const rows = hits.map((h, i) => [
          String(i + 1),
          h.sop.id,
          h.sop.title + (h.stale ? ' (needs review)' : ''),
          h.sop.owner,
        ]);
        console.log(formatTable(['#', 'ID', 'TITLE', 'OWNER'], rows));
        console.log('');
        for (const [i, h] of hits.entries())
          console.log(`${i + 1}. ${h.sop.title}: ${framed(snippetToText(h.snippet))}`);
      });
    });

  sop
    .command('reindex')
    .description('index the SOP folder: only added, changed and removed files are touched')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const result = await reindex(casebridge);
        if (result.errors.length > 0) process.exitCode = 1;
        if (options.json) return printJson(result);
        console.log(
          `SOPs: ${result.added.length} added, ${result.updated.length} updated, ${result.removed.length} removed, ${result.unchanged} unchanged, ${result.errors.length} refused`,
        );
        warnErrors(result);
      });
    });

  sop
    .command('verify')
    .description('record that an SOP was re-checked and is current')
    .argument('<id>', 'the SOP id')
    .option('--by <name>', 'who verified it (default: cli:<your user>)')
    .option('--note <text>', 'what was checked or changed')
    .action(async (id: string, options: { by?: string; note?: string }, command: Command) => {
      await withCasebridge(command, async ({ store }) => {
        const result = await verifySop(store, id, {
          by: options.by ?? actor(),
          ...(options.note !== undefined && { note: options.note }),
        });
        console.log(`verified ${result.id}; next review due ${result.nextReviewAt.slice(0, 10)}`);
      });
    });

  sop
    .command('stale')
    .description('SOPs past their review interval, most overdue first')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        warnErrors(await reindex(casebridge));
        const stale = await staleSops(casebridge.store);
        if (options.json) return printJson(stale);
        if (stale.length === 0) return console.log('every SOP is within its review interval');
        const rows = stale.map((s) => [
          s.sop.id,
          s.sop.owner,
          s.daysOverdue === null ? 'never verified' : `${s.daysOverdue}d overdue`,
        ]);
        console.log(formatTable(['ID', 'OWNER', 'STATUS'], rows));
      });
    });

  sop
    .command('report')
    .description('SOPs ranked by use and by effect; frequent ticket topics with no SOP')
    .option('--days <n>', 'period: tickets created in the last N days', '30')
    .option('--json', 'print as JSON')
    .action(async (options: { days: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        warnErrors(await reindex(casebridge));
        const report = await sopReport(casebridge.store, { days: positiveInt(options.days, '--days') });
        if (options.json) return printJson(report);
        console.log(renderReport(report));
      });
    });
}

const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);
const hrs = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)}h`);
const signed = (v: number | null, f: (n: number) => string) =>
  v === null ? '-' : `${v > 0 ? '+' : ''}${f(v)}`;

export function renderReport(report: SopReport): string {
  const out = [
    `SOP report, tickets created ${report.from.slice(0, 10)} → ${report.to.slice(0, 10)} (${report.tickets} tickets)`,
    '',
  ];
  out.push('By use:');
  out.push(
    report.byUse.length === 0
      ? '  no SOP was used in this period'
      : formatTable(
          ['ID', 'USES', 'RESOLUTION', 'REOPEN', 'CSAT'],
          report.byUse.map((e) => [
            e.id,
            String(e.uses),
            hrs(e.used.resolutionHours),
            pct(e.used.reopenRate),
            pct(e.used.csat),
          ]),
        ),
  );
  out.push('', 'By effect (used vs similar tickets without it):');
  out.push(
    report.byEffect.length === 0
      ? '  not enough used and similar tickets to compare'
      : formatTable(
          ['ID', 'USED', 'SIMILAR', 'RESOLUTION Δ', 'REOPEN Δ', 'CSAT Δ', 'QA Δ'],
          report.byEffect.map((e) => [
            e.id,
            String(e.used.tickets),
            String(e.similarWithout.tickets),
            signed(e.effect?.resolutionHours ?? null, (n) => `${n.toFixed(1)}h`),
            signed(e.effect?.reopenRate ?? null, (n) => `${Math.round(n * 100)}pt`),
            signed(e.effect?.csat ?? null, (n) => `${Math.round(n * 100)}pt`),
            signed(e.effect?.qaScore ?? null, (n) => n.toFixed(1)),
          ]),
        ),
  );
  out.push('', 'Frequent topics with no SOP:');
  out.push(
    report.topicsWithoutSop.length === 0
      ? '  none'
      : formatTable(
          ['TAG', 'TICKETS'],
          report.topicsWithoutSop.map((t) => [t.tag, String(t.tickets)]),
        ),
  );
  return out.join('\n');
}
