import type { QaContext } from './context.js';
import { agentKey, definitionsOf, type QaReportOptions, reviewsInPeriod } from './report.js';
import { round2 } from './scoring.js';

/** One line per review in the period, one column per scorecard category, for spreadsheets. */
export async function reportCsv(ctx: QaContext, options: QaReportOptions): Promise<string> {
  const { current } = await reviewsInPeriod(ctx, options);
  const definitions = await definitionsOf(ctx, current);
  const columns = [
    ...new Set([...definitions.values()].flatMap((d) => d.categories.map((c) => `${d.id}.${c.id}`))),
  ].sort();
  const header = [
    'reviewed_at',
    'review_id',
    'ticket_id',
    'agent',
    'group',
    'reviewer',
    'scorecard_version',
    'score',
    'status',
    ...columns,
    'comment',
  ];
  const lines = current.map((r) => {
    const scorecard = definitions.get(r.scorecardVersionId)?.id ?? '';
    const cells = columns.map((col) => {
      const [card, category] = col.split('.');
      if (card !== scorecard || category === undefined) return '';
      const score = r.categoryScores[category];
      return score === undefined ? 'N/A' : round2(score).toFixed(2);
    });
    return [
      r.createdAt,
      r.id,
      r.ticketId,
      agentKey(r),
      r.groupId ?? '',
      r.reviewer,
      r.scorecardVersionId,
      round2(r.score).toFixed(2),
      r.status,
      ...cells,
      r.comment,
    ];
  });
  return `${[header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a comment as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
