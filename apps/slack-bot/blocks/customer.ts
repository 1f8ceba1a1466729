import type { Ticket } from '../../../shared/domain/index.js';
import type { CustomerHistory } from '../../../shared/services/customers/history.js';
import { boundedList, context, divider, fitBlocks, header, md, section } from './common.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import { sourceOf, ticketTitle } from './ticket.js';
import type { Block, MessageBody } from './types.js';

function ticketLine(ticket: Ticket, crmName: (s: string) => string): string {
  const day = ticket.createdAt.slice(0, 10);
  return `${ticketTitle(ticket)} · ${ticket.status} · ${crmName(sourceOf(ticket.id))} · ${day}`;
}

/** Lines joined into one section, cut to Slack's 3000 characters with "and N more". */
export function linesSection(lines: readonly string[], total = lines.length): Block {
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > LIMITS.sectionText - 40) break;
    kept.push(line);
    size += line.length + 1;
  }
  const more = total - kept.length;
  return section(`${kept.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}` || '—');
}

/** A customer across both CRMs: identity, open tickets, last 10, CSAT, escalations and QA flags. */
export function customerMessage(history: CustomerHistory, crmName: (s: string) => string): MessageBody {
  const name = history.people.find((p) => p.name !== null)?.name ?? history.email ?? history.query;
  const crms = [...new Set(history.people.map((p) => crmName(p.source)))].join(' + ');
  const orgs = history.organizations.map((o) => safeText(o.name, 80)).join(', ') || 'no organization';
  const csat = history.csatPct === null ? 'no ratings' : `${history.csatPct}%`;
  const blocks: Block[] = [
    header(`Customer: ${name}`.slice(0, LIMITS.header)),
    {
      type: 'section',
      fields: [
        md(`*Email*\n${safeText(history.email, 200)}`),
        md(`*In*\n${safeText(crms, 100)}`),
        md(`*Organization*\n${orgs.slice(0, 1500)}`),
        md(`*CSAT*\n${csat}`),
        md(`*Tickets*\n${history.totalTickets} total, ${history.openTickets.length} open`),
        md(
          `*Escalations*\n${history.escalations.length} (${history.escalations.filter((e) => e.resolvedAt === null).length} open)`,
        ),
      ],
    },
    divider(),
    section(`*Open tickets* (${history.openTickets.length})`),
    history.openTickets.length === 0
      ? context('None open.')
      : linesSection(history.openTickets.map((t) => ticketLine(t, crmName))),
    section(`*Last ${history.recentTickets.length} tickets*`),
    history.recentTickets.length === 0
      ? context('No tickets.')
      : linesSection(history.recentTickets.map((t) => ticketLine(t, crmName))),
  ];
  if (history.qaFlags.length > 0) {
    const flags = history.qaFlags.map(
      (f) => `• ${f.status} · ${f.severity ?? 'unrated'} · ${safeText(f.reason, 200)}`,
    );
    blocks.push(
      section(`*QA flags* (${history.qaFlags.length})`),
      linesSection(flags.slice(0, 10), history.qaFlags.length),
    );
  }
  return {
    text: `Customer ${safeText(name, 100)}: ${history.totalTickets} tickets, ${history.openTickets.length} open`,
    blocks: fitBlocks(blocks, LIMITS.messageBlocks),
  };
}

/** Kept for lists rendered as blocks elsewhere. */
export const ticketLines = (
  tickets: readonly Ticket[],
  crm: (s: string) => string,
  budget: number,
): Block[] => boundedList(tickets, (t) => [section(ticketLine(t, crm))], budget);
