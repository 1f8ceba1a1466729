import type { Command } from 'commander';
import { type KpiReport, kpiReport } from '../../../shared/services/metrics/index.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';

/** `casebridge kpis [--days N] [--group G] [--json]`: the KPIs managers run the team by. */
export function register(program: Command): void {
  program
    .command('kpis')
    .description(
      'volume, backlog, first reply and resolution time, SLA attainment, CSAT, reopen and one-touch rates',
    )
    .option('--days <n>', 'the period: the last N days', '7')
    .option('--group <group>', 'only tickets of this group (record id)')
    .option('--json', 'print as JSON')
    .action(async (options: { days: string; group?: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async ({ store, config }) => {
        const report = await kpiReport(store, config.sla, {
          days: Number(options.days),
          group: options.group,
        });
        if (options.json) return printJson(report);
        console.log(renderKpis(report));
      });
    });
}

export function renderKpis(r: KpiReport): string {
  const duration = (m: number | null) =>
    m === null ? 'n/a' : m >= 60 ? `${(m / 60).toFixed(1)}h` : `${Math.round(m)}m`;
  const rate = (x: { pct: number | null; count: number; of: number }) =>
    x.pct === null ? 'n/a' : `${x.pct.toFixed(1)}% (${x.count}/${x.of})`;
  const unit = (u: string) => (u === 'business_minutes' ? 'business time' : 'calendar time');
  const rows = [
    ['Created', String(r.volume.created)],
    ['Solved', String(r.volume.solved)],
    ['Backlog', `${r.backlog.total} (${r.backlog.buckets.map((b) => `${b.label}: ${b.count}`).join(', ')})`],
    [
      'First reply',
      `median ${duration(r.firstReply.median)}, p90 ${duration(r.firstReply.p90)} over ${r.firstReply.n} (${unit(r.firstReply.unit)})`,
    ],
    [
      'Resolution',
      `median ${duration(r.resolution.median)}, p90 ${duration(r.resolution.p90)} over ${r.resolution.n} (${unit(r.resolution.unit)})`,
    ],
    ['SLA attainment', rate(r.slaAttainment)],
    ['CSAT', rate(r.csat)],
    ['Reopen rate', rate(r.reopenRate)],
    ['One-touch resolution', rate(r.oneTouchRate)],
  ];
  const lines = [
    `KPIs ${r.period.from.slice(0, 10)} → ${r.period.to.slice(0, 10)}`,
    formatTable(['KPI', 'VALUE'], rows),
  ];
  if (r.unavailable.length > 0)
    lines.push('', 'Not available:', ...r.unavailable.map((u) => `  ${u.kpi}: ${u.reason}`));
  return lines.join('\n');
}
