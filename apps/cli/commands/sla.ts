import type { Command } from 'commander';
import type { SlaToday, SlaTodayCounts, SlaTodayItem } from '../../../shared/services/sla/index.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';

/** `casebridge sla today [--group G] [--json]`: today's SLA status in the team's time zone. */
export function register(program: Command): void {
  const sla = program.command('sla').description('SLA status');
  sla
    .command('today')
    .description('today’s SLA status: due, breached, at risk, achieved, attainment; by group and priority')
    .option('--group <group>', 'only tickets of this group (id as the CRM shows it)')
    .option('--json', 'print as JSON')
    .action(async (options: { group?: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const today = await casebridge.services.slaToday({ group: options.group });
        if (options.json) return printJson(today);
        console.log(renderSlaToday(today));
      });
    });
}

export function renderSlaToday(today: SlaToday): string {
  const t = today.totals;
  const lines = [
    `SLA status for ${today.date} (${today.timeZone})`,
    `attainment ${pct(t.attainmentPct)} — ${t.achievedToday} achieved, ${t.breachedToday} breached today; ${t.atRisk} at risk; ${t.dueToday} due today; ${t.openBreachesEarlier} open breaches from earlier days`,
    '',
    formatTable(
      ['GROUP', ...COUNT_HEADERS],
      today.byGroup.map((g) => [g.groupId ?? '(none)', ...countCells(g.counts)]),
    ),
    '',
    formatTable(
      ['PRIORITY', ...COUNT_HEADERS],
      today.byPriority.map((p) => [p.priority ?? '(none)', ...countCells(p.counts)]),
    ),
  ];
  if (today.atRisk.length > 0) lines.push('', 'At risk (soonest first)', itemTable(today.atRisk));
  if (today.breached.length > 0)
    lines.push('', 'Breached (longest overdue first)', itemTable(today.breached));
  return lines.join('\n');
}

const COUNT_HEADERS = ['DUE', 'BREACHED', 'AT RISK', 'ACHIEVED', 'ATTAINMENT', 'EARLIER BREACHES'];

function countCells(c: SlaTodayCounts): string[] {
  return [c.dueToday, c.breachedToday, c.atRisk, c.achievedToday]
    .map(String)
    .concat(pct(c.attainmentPct), String(c.openBreachesEarlier));
}

function itemTable(items: readonly SlaTodayItem[]): string {
  return formatTable(
    ['TICKET', 'METRIC', 'PRIORITY', 'ASSIGNEE', 'TIME LEFT', 'SUBJECT', 'LINK'],
    items.map((i) => [
      i.number ?? i.ticketId,
      i.metric,
      i.priority ?? '—',
      i.assigneeId ?? 'unassigned',
      minutes(i.minutesLeft),
      truncate(i.subject ?? '', 48),
      i.url ?? '',
    ]),
  );
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(1)}%`;
}

export function minutes(left: number): string {
  const abs = Math.abs(left);
  const text = abs >= 60 ? `${Math.floor(abs / 60)}h${String(abs % 60).padStart(2, '0')}m` : `${abs}m`;
  return left < 0 ? `${text} overdue` : `${text} left`;
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
