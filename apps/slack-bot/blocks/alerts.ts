import type { EscalationView } from '../../../shared/services/escalation/service.js';
import type { SlaToday, SlaTodayItem } from '../../../shared/services/sla/today.js';
import type { JobHealth } from '../../../shared/sync/index.js';
import { ageText, boundedList, context, fitBlocks, header, md, section } from './common.js';
import { escalationBlocks } from './escalations.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { ticketBlocks } from './ticket.js';
import type { Block, MessageBody } from './types.js';

export const ALERT_ESCALATION_BLOCK = 'alert.esc';

/** A new escalation, with Acknowledge (and the other buttons) that update this message in place. */
export function escalationAlert(
  view: EscalationView,
  crmName: (s: string) => string,
  maxLevel: number,
): MessageBody {
  const title = safeText(view.ticket?.number ?? view.escalation.ticketId, 60);
  return {
    text: `Escalation: ticket ${title} at ${safeText(view.levelName, 60)}`,
    blocks: [
      section(`:rotating_light: *Escalation* — ${safeText(view.levelName, 60)}`),
      ...escalationBlocks(view, ALERT_ESCALATION_BLOCK, crmName, maxLevel),
    ],
  };
}

/** Breaches of one group since the last alert: one message, the list cut to fit. */
export function breachAlert(
  group: string | null,
  items: readonly SlaTodayItem[],
  crmName: (s: string) => string,
): MessageBody {
  const name = safeText(group ?? 'no group', 80);
  const head: Block[] = [
    section(`:red_circle: *${items.length} SLA breach${items.length === 1 ? '' : 'es'}* in ${name}`),
  ];
  const list = boundedList(
    items,
    (item, i) =>
      ticketBlocks(
        { id: item.ticketId, number: item.number, subject: item.subject, url: item.url },
        `${safeText(item.metric.replace(/_/g, ' '), 40)} · overdue by ${ageText(Math.max(0, -item.minutesLeft))}`,
        `breach.${i}`,
        crmName,
      ),
    LIMITS.messageBlocks - head.length,
  );
  return {
    text: `${items.length} SLA breaches in ${name}`,
    blocks: fitBlocks([...head, ...list], LIMITS.messageBlocks),
  };
}

/** A sync job that just turned unhealthy (or paused), with what an admin should do. */
export function syncUnhealthyAlert(job: JobHealth): MessageBody {
  const error = job.lastRun?.error ?? job.pausedReason ?? 'no error recorded';
  const text = `:warning: Sync job *${safeText(job.job, 80)}* (${safeText(job.connection, 80)}) is ${job.status}: ${job.consecutiveFailures} failed runs in a row.`;
  return {
    text: `Sync job ${safeText(job.job, 80)} is ${job.status}`,
    blocks: [
      section(text),
      section(`>${safeText(String(error), 1500)}`),
      context(
        `Check it with \`casebridge jobs history ${safeText(job.job, 80)}\`; after fixing, \`casebridge jobs resume ${safeText(job.job, 80)}\`.`,
      ),
    ],
  };
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${v}%`);

/** The daily digest: yesterday's SLA figures and today's outlook. */
export function digestMessage(input: {
  yesterday: SlaToday;
  today: SlaToday;
  openEscalations: number;
  qaQueue: number;
}): MessageBody {
  const y = input.yesterday.totals;
  const t = input.today.totals;
  return {
    text: `casebridge digest for ${input.today.date}: yesterday ${pct(y.attainmentPct)} SLA attainment`,
    blocks: [
      header(`Daily digest — ${input.today.date}`),
      section(`*Yesterday (${input.yesterday.date})*`),
      {
        type: 'section',
        fields: [
          md(`*SLA attainment*\n${pct(y.attainmentPct)}`),
          md(`*Achieved*\n${y.achievedToday}`),
          md(`*Breached*\n${y.breachedToday}`),
          md(`*Due*\n${y.dueToday}`),
        ],
      },
      section('*Today*'),
      {
        type: 'section',
        fields: [
          md(`*Due today*\n${t.dueToday}`),
          md(`*At risk now*\n${t.atRisk}`),
          md(`*Open breaches*\n${input.today.breached.length}`),
          md(`*Open escalations*\n${input.openEscalations}`),
          md(`*QA queue*\n${input.qaQueue}`),
        ],
      },
      context('`/casebridge sla` for the details.'),
    ],
  };
}
