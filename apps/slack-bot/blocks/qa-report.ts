import { type QaReport, round2 } from '../../../shared/services/qa/index.js';
import { context, divider, fitBlocks, header, section } from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { dayOf, percentText, personText, trendText } from './qa-format.js';
import type { Block, MessageBody } from './types.js';

/** Lines shown per part; the rest is counted ("…and 12 more") and left to the CLI. */
const LINES = 15;

/** A titled list in one section: as many lines as fit, then how many were left out. */
function part(title: string, lines: readonly string[], empty: string): Block[] {
  if (lines.length === 0) return [section(`*${title}*\n_${empty}_`)];
  let text = `*${title}*`;
  let shown = 0;
  for (const line of lines.slice(0, LINES)) {
    // Room for the "…and N more" line whatever N is.
    if (text.length + line.length + 1 > LIMITS.sectionText - 40) break;
    text += `\n${line}`;
    shown += 1;
  }
  if (shown < lines.length) text += `\n…and ${lines.length - shown} more`;
  return [section(text)];
}

const iqsLine = (row: QaReport['agents'][number], name: string) =>
  `• ${name}: *${percentText(row.iqs)}*${trendText(row.trend)} · ${row.reviews} review${row.reviews === 1 ? '' : 's'}`;

/**
 * `/casebridge qa report [days]`: IQS overall, per agent and per group with the trend against the
 * period before, the category breakdown, the most-failed checklist items, reviewer workload and
 * open disputes — each part cut to what a message holds, with the CLI for the rest.
 */
export function qaReportMessage(report: QaReport): MessageBody {
  const { days } = report.period;
  const trend =
    report.iqs === null || report.previousIqs === null ? null : round2(report.iqs - report.previousIqs);
  const overall = `IQS *${percentText(report.iqs)}*${trendText(trend)} over ${report.reviews} review${report.reviews === 1 ? '' : 's'} (the ${days} days before: ${percentText(report.previousIqs)})`;
  const blocks: Block[] = [
    header(`QA report: the last ${days} day${days === 1 ? '' : 's'}`),
    section(overall),
    context(
      `${dayOf(report.period.from)} → ${dayOf(report.period.to)} · calibration reviews are not counted`,
    ),
    divider(),
    ...part(
      'By agent',
      report.agents.map((row) => iqsLine(row, personText(row.key, 120))),
      'No reviews in this period.',
    ),
    ...part(
      'By group',
      report.groups.map((row) => iqsLine(row, safeText(row.key, 120))),
      'No reviews in this period.',
    ),
    ...part(
      'Categories',
      report.categories.map(
        (c) =>
          `• ${safeText(c.name, 100)} (${safeText(c.scorecard, 60)}): *${percentText(c.average)}* · ${c.failed} of ${c.rated} under 50%${c.na > 0 ? ` · ${c.na} N/A` : ''}`,
      ),
      'No categories rated.',
    ),
    ...part(
      'Most-failed checklist items',
      report.failedItems.map(
        (i) => `• ${i.count}× ${safeText(i.text, 200)} (${safeText(`${i.scorecard}/${i.category}`, 100)})`,
      ),
      'No checklist items marked missed.',
    ),
    ...part(
      'Reviewer workload',
      report.reviewers.map(
        (r) =>
          `• ${personText(r.reviewer, 120)}: ${r.reviews} review${r.reviews === 1 ? '' : 's'}, ${r.calibrations} calibration${r.calibrations === 1 ? '' : 's'}, ${r.claimed} claimed`,
      ),
      'Nobody reviewed or claimed anything.',
    ),
    ...part(
      'Open disputes',
      report.openDisputes.map(
        (d) =>
          `• ${safeText(d.ticketId, 80)}: ${personText(d.agent, 120)} disputes ${personText(d.reviewer, 120)}'s review, since ${dayOf(d.openedAt)}`,
      ),
      'None.',
    ),
    context(
      `Everything, with filters: \`casebridge qa report --days ${days} [--group G] [--agent EMAIL] [--json|--csv]\``,
    ),
  ];
  return {
    text: `QA report, last ${days} days: IQS ${percentText(report.iqs)} over ${report.reviews} reviews`,
    blocks: fitBlocks(blocks, LIMITS.messageBlocks),
  };
}
