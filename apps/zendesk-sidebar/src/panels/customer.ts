import { h } from 'preact';
import type { SidebarCustomer, SidebarHistoryTicket } from '../api-types.js';
import { ago, humanise } from '../format.js';
import { Badge, Empty, Panel, RecordLink } from './common.js';

const CSAT: Record<string, string> = { good: 'CSAT good', bad: 'CSAT bad', offered: 'CSAT offered' };

function TicketRow(props: { t: SidebarHistoryTicket; nowMs: number }) {
  const { t } = props;
  return h(
    'li',
    { key: t.id },
    h(RecordLink, { link: t }, `#${t.number} `, t.subject ?? '(no subject)'),
    h(
      'div',
      { class: 'muted' },
      `${humanise(t.status)} · ${t.source} · ${ago(t.updatedAt, props.nowMs)}`,
      t.csat === null
        ? null
        : h(
            Badge,
            { tone: t.csat === 'good' ? 'done' : t.csat === 'bad' ? 'breach' : 'paused' },
            CSAT[t.csat],
          ),
    ),
  );
}

function List(props: { title: string; tickets: SidebarHistoryTicket[]; nowMs: number }) {
  if (props.tickets.length === 0) return null;
  return h(
    'div',
    null,
    h('h3', null, props.title),
    h(
      'ul',
      { class: 'rows' },
      props.tickets.map((t) => h(TicketRow, { t, nowMs: props.nowMs, key: t.id })),
    ),
  );
}

/** The requester across CRMs: people and organizations (linked to each CRM), tickets, CSAT, escalations. */
export function CustomerPanel(props: {
  customer: SidebarCustomer | null;
  older: SidebarHistoryTicket[];
  nowMs: number;
  loadOlder: (() => void) | null;
}) {
  const c = props.customer;
  if (c === null)
    return h(Panel, { title: 'Customer', id: 'customer' }, h(Empty, null, 'No requester on this ticket.'));
  return h(
    Panel,
    { title: 'Customer', id: 'customer' },
    h(
      'ul',
      { class: 'people' },
      c.people.map((p) =>
        h(
          'li',
          { key: `${p.source}${p.url}` },
          h(RecordLink, { link: p }, p.label),
          h('span', { class: 'muted' }, ` · ${p.source}`),
        ),
      ),
      c.organizations.map((o) =>
        h(
          'li',
          { key: `${o.source}${o.url}` },
          h(RecordLink, { link: o }, o.label),
          h('span', { class: 'muted' }, ` · ${o.source} · tier ${o.tier ?? 'none'}`),
        ),
      ),
    ),
    h(
      'p',
      { class: 'stats' },
      `${c.totalTickets} tickets · ${c.openTickets.length} open · CSAT ${c.csatPct === null ? 'not rated' : `${c.csatPct}%`} · ${c.pastEscalations.length} past escalations`,
    ),
    h(List, { title: 'Open tickets and cases', tickets: c.openTickets, nowMs: props.nowMs }),
    h(List, { title: 'Last 10', tickets: c.recentTickets, nowMs: props.nowMs }),
    h(List, { title: 'Older', tickets: props.older, nowMs: props.nowMs }),
    c.pastEscalations.length === 0
      ? null
      : h(
          'div',
          null,
          h('h3', null, 'Past escalations'),
          h(
            'ul',
            { class: 'rows' },
            c.pastEscalations.map((e) =>
              h(
                'li',
                { key: `${e.ticketId}${e.openedAt}` },
                `${e.ticketId} · level ${e.level} · ${e.resolvedAt === null ? 'open' : 'resolved'} · ${ago(e.openedAt, props.nowMs)}`,
              ),
            ),
          ),
        ),
    props.loadOlder === null
      ? null
      : h('button', { type: 'button', class: 'link', onClick: props.loadOlder }, 'Show older tickets'),
  );
}
