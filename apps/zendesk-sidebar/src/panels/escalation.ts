import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { SidebarAction, SidebarEscalation, SidebarPayload } from '../api-types.js';
import { ago, formatDuration, humanise } from '../format.js';
import { Badge, Panel } from './common.js';

export type Act = (action: SidebarAction, body?: Record<string, unknown>) => Promise<void>;

function Timeline(props: { escalation: SidebarEscalation; nowMs: number }) {
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Escalation timeline' },
    props.escalation.events.map((e) =>
      h(
        'li',
        { key: `${e.at}${e.type}` },
        h('strong', null, humanise(e.type)),
        e.level === null ? '' : ` to level ${e.level}`,
        ` by ${e.actor}, ${ago(e.at, props.nowMs)}`,
        e.note === null ? null : h('div', { class: 'muted' }, e.note),
      ),
    ),
  );
}

function Status(props: { e: SidebarEscalation; nowMs: number }) {
  const { e } = props;
  const open = e.resolvedAt === null;
  return h(
    'div',
    { class: 'escalation' },
    h(
      'div',
      { class: 'row-head' },
      h('strong', null, `Level ${e.level} · ${e.levelName}`),
      h(
        Badge,
        { tone: open ? (e.acknowledgedBy === null ? 'breach' : 'warn') : 'done' },
        open ? (e.acknowledgedBy === null ? 'Open, unacknowledged' : 'Acknowledged') : 'Resolved',
      ),
    ),
    h('div', null, `Reasons: ${e.reasons.join('; ')}`),
    h(
      'div',
      { class: 'muted' },
      `Owner: ${e.owner ?? 'unassigned'} · age ${formatDuration(props.nowMs - Date.parse(e.openedAt))} · opened by ${e.openedBy}`,
    ),
    h(Timeline, { escalation: e, nowMs: props.nowMs }),
  );
}

function EscalateForm(props: {
  levels: SidebarPayload['levels'];
  current: number;
  act: Act;
  onDone(): void;
}) {
  const [level, setLevel] = useState(String(Math.min(props.current + 1, props.levels.length) || 1));
  const [reason, setReason] = useState('');
  return h(
    'form',
    {
      class: 'escalate-form',
      onSubmit: (event: Event) => {
        event.preventDefault();
        void props.act('escalate', { level: Number(level), reason }).then(props.onDone);
      },
    },
    h('label', { for: 'cb-level' }, 'Level'),
    h(
      'select',
      {
        id: 'cb-level',
        value: level,
        onChange: (e: Event) => setLevel((e.target as HTMLSelectElement).value),
      },
      props.levels.map((l) =>
        h('option', { key: l.level, value: String(l.level) }, `${l.level} · ${l.name}`),
      ),
    ),
    h('label', { for: 'cb-reason' }, 'Reason'),
    h('textarea', {
      id: 'cb-reason',
      required: true,
      maxLength: 2000,
      value: reason,
      onInput: (e: Event) => setReason((e.target as HTMLTextAreaElement).value),
    }),
    h('button', { type: 'submit', class: 'primary', disabled: reason.trim() === '' }, 'Escalate'),
  );
}

/** Level, reasons, owner, age, timeline; only the actions the server allows are shown. */
export function EscalationPanel(props: {
  data: SidebarPayload;
  nowMs: number;
  act: Act;
  busy: boolean;
  error: string | null;
}) {
  const [form, setForm] = useState(false);
  const { escalation, actions } = props.data;
  const can = (a: SidebarAction) => actions.includes(a);
  return h(
    Panel,
    { title: 'Escalation', id: 'escalation' },
    escalation === null
      ? h('p', { class: 'empty' }, 'Not escalated.')
      : h(Status, { e: escalation, nowMs: props.nowMs }),
    h(
      'div',
      { class: 'actions' },
      can('escalate')
        ? h(
            'button',
            { type: 'button', disabled: props.busy, onClick: () => setForm(!form) },
            escalation === null || escalation.resolvedAt !== null ? 'Escalate' : 'Raise level',
          )
        : null,
      can('acknowledge')
        ? h(
            'button',
            { type: 'button', disabled: props.busy, onClick: () => void props.act('acknowledge') },
            'Acknowledge',
          )
        : null,
      can('resolve')
        ? h(
            'button',
            { type: 'button', disabled: props.busy, onClick: () => void props.act('resolve') },
            'Resolve',
          )
        : null,
    ),
    form && can('escalate')
      ? h(EscalateForm, {
          levels: props.data.levels,
          current: escalation?.resolvedAt === null ? escalation.level : 0,
          act: props.act,
          onDone: () => setForm(false),
        })
      : null,
    props.error === null ? null : h('p', { class: 'error', role: 'alert' }, props.error),
  );
}
