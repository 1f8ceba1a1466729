import type { SlaToday, SlaTodayCounts, SlaTodayItem } from '../../../shared/services/sla/today.js';
import { actions, ageText, boundedList, button, context, divider, fitBlocks, header, md } from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { ACTION, ticketBlocks } from './ticket.js';
import type { Block, MessageBody } from './types.js';

const pct = (value: number | null) => (value === null ? 'n/a (nothing settled yet)' : `${value}%`);

function countsFields(c: SlaTodayCounts): Block {
  return {
    type: 'section',
    fields: [
      md(`*Attainment*\n${pct(c.attainmentPct)}`),
      md(`*Due today*\n${c.dueToday}`),
      md(`*Breached today*\n${c.breachedToday}`),
      md(`*At risk now*\n${c.atRisk}`),
      md(`*Achieved today*\n${c.achievedToday}`),
      md(`*Earlier breaches still open*\n${c.openBreachesEarlier}`),
    ],
  };
}

function itemDetail(item: SlaTodayItem): string {
  const when =
    item.minutesLeft >= 0
      ? `due in ${ageText(item.minutesLeft)}`
      : `overdue by ${ageText(-item.minutesLeft)}`;
  return `${safeText(item.metric.replace(/_/g, ' '), 40)} · ${item.priority ?? 'no priority'} · ${when}`;
}

function groupLine(today: SlaToday): Block[] {
  if (today.byGroup.length <= 1) return [];
  const lines = today.byGroup
    .slice(0, 10)
    .map(
      (g) =>
        `${safeText(g.groupId ?? 'no group', 80)}: ${pct(g.counts.attainmentPct)}, ${g.counts.breachedToday} breached`,
    );
  const more = today.byGroup.length > 10 ? ` …and ${today.byGroup.length - 10} more groups` : '';
  return [context(`${lines.join(' · ')}${more}`)];
}

export interface SlaMessageOptions {
  crmName: (source: string) => string;
  group?: string | undefined;
  /** The ephemeral answer offers "Share to channel"; the shared copy does not. */
  shareable: boolean;
}

/** Today's SLA status: totals, attainment, at-risk and breached lists with ticket buttons. */
export function slaMessage(today: SlaToday, options: SlaMessageOptions): MessageBody {
  const scope = options.group === undefined ? '' : ` — ${options.group.slice(0, 80)}`;
  const scopeText = options.group === undefined ? '' : ` — ${safeText(options.group, 80)}`;
  const render = (prefix: string) => (item: SlaTodayItem, i: number) =>
    ticketBlocks(
      { id: item.ticketId, number: item.number, subject: item.subject, url: item.url },
      itemDetail(item),
      `${prefix}.${i}`,
      options.crmName,
    );
  const head: Block[] = [
    header(`SLA today (${today.date})${scope}`),
    countsFields(today.totals),
    ...groupLine(today),
  ];
  const tail = options.shareable
    ? actions('sla.share', [button('Share to channel', ACTION.share, options.group ?? '', 'primary')])
    : [];
  // Half of what is left for each list, so breaches cannot crowd out the at-risk ones.
  const room = Math.floor((LIMITS.messageBlocks - head.length - tail.length - 4) / 2);
  const breached =
    today.breached.length === 0
      ? [context('No open breaches. :tada:')]
      : boundedList(today.breached, render('sla.breached'), room);
  const atRisk =
    today.atRisk.length === 0
      ? [context('Nothing at risk right now.')]
      : boundedList(today.atRisk, render('sla.atrisk'), room);
  const blocks = [
    ...head,
    divider(),
    { type: 'section', text: md(`:red_circle: *Breached* (${today.breached.length})`) } as Block,
    ...breached,
    { type: 'section', text: md(`:large_orange_circle: *At risk* (${today.atRisk.length})`) } as Block,
    ...atRisk,
    ...tail,
  ];
  const t = today.totals;
  return {
    text: `SLA today${scopeText}: ${pct(t.attainmentPct)} attainment, ${t.breachedToday} breached, ${t.atRisk} at risk`,
    blocks: fitBlocks(blocks, LIMITS.messageBlocks),
  };
}
