import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { SidebarQa, SidebarQaFlag, SidebarQaReview, SidebarScorecard } from '../api-types.js';
import { ago, formatDuration } from '../format.js';
import { Badge, Empty, Panel } from './common.js';
import { type FlagForQa, FlagForQaAction } from './qa-flag-form.js';

const day = (iso: string) => iso.slice(0, 10);
const pct = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(2)}%`;

/**
 * The checklist the agent ticks before sending. Ticks are the agent's own notes for this ticket:
 * kept in the app only, never sent (a self-check is not a review).
 */
function SelfCheck(props: { scorecard: SidebarScorecard }) {
  const { scorecard } = props;
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const total = scorecard.categories.reduce((n, c) => n + c.checklist.length, 0);
  const toggle = (key: string) => {
    const next = new Set(ticked);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setTicked(next);
  };
  return h(
    'div',
    { class: 'self-check', 'data-scorecard': scorecard.id },
    h(
      'div',
      { class: 'row-head' },
      h('strong', null, scorecard.name),
      h('span', { class: 'muted' }, `version ${scorecard.version}`),
    ),
    h(
      'p',
      { class: 'muted', 'aria-live': 'polite' },
      `Self-check before sending: ${ticked.size} of ${total} checked`,
    ),
    scorecard.categories.map((c) =>
      h(
        'fieldset',
        { class: `qa-category${c.critical ? ' critical' : ''}`, key: c.id, 'data-category': c.id },
        h(
          'legend',
          null,
          c.name,
          c.critical ? h(Badge, { tone: 'breach' }, 'Critical: auto-fail') : null,
          c.naAllowed ? h(Badge, { tone: 'paused' }, 'N/A allowed') : null,
        ),
        c.description === null ? null : h('div', { class: 'muted' }, c.description),
        c.checklist.map((item) => {
          const key = `${c.id}/${item.id}`;
          return h(
            'label',
            { class: 'check', key },
            h('input', { type: 'checkbox', checked: ticked.has(key), onChange: () => toggle(key) }),
            ` ${item.text}`,
          );
        }),
      ),
    ),
  );
}

function disputeLine(r: SidebarQaReview, nowMs: number): string {
  const d = r.dispute;
  if (d?.status === 'open') return `Dispute open since ${day(d.openedAt)}`;
  if (d !== null) {
    const note = d.resolutionNote === null ? '' : `: ${d.resolutionNote}`;
    return `Dispute ${d.status}${d.resolvedAt === null ? '' : ` on ${day(d.resolvedAt)}`}${note}`;
  }
  const until = Date.parse(r.disputeUntil);
  return until > nowMs
    ? `Disputable until ${day(r.disputeUntil)} (${formatDuration(until - nowMs)} left)`
    : `Dispute window closed on ${day(r.disputeUntil)}`;
}

function Review(props: { r: SidebarQaReview; nowMs: number }) {
  const { r } = props;
  return h(
    'li',
    { class: 'review', 'data-review': r.id },
    h(
      'div',
      { class: 'row-head' },
      h('strong', { class: 'score' }, `Score ${pct(r.score)}`),
      r.criticalFailures.length > 0 ? h(Badge, { tone: 'breach' }, 'Critical failure') : null,
    ),
    h(
      'div',
      { class: 'muted' },
      `by ${r.reviewer} on ${day(r.createdAt)}`,
      r.scorecard === null ? '' : ` · ${r.scorecard.name} v${r.scorecard.version}`,
    ),
    h(
      'ul',
      { class: 'category-scores' },
      r.categories.map((c) =>
        h(
          'li',
          { key: c.id, class: c.critical && c.score !== null && c.score < 50 ? 'failed' : undefined },
          `${c.name}: ${c.score === null ? 'N/A' : pct(c.score)}`,
          c.critical ? ' (critical)' : '',
        ),
      ),
    ),
    r.criticalFailures.length === 0
      ? null
      : h('div', { class: 'error' }, `Critical failures: ${r.criticalFailures.join(', ')}`),
    r.comment.trim() === '' ? null : h('blockquote', { class: 'comment' }, r.comment),
    h('div', { class: 'muted dispute' }, disputeLine(r, props.nowMs)),
  );
}

function Flags(props: { flags: SidebarQaFlag[]; nowMs: number }) {
  if (props.flags.length === 0) return h(Empty, null, 'No QA flags on this ticket.');
  return h(
    'ul',
    { class: 'rows' },
    props.flags.map((f) =>
      h(
        'li',
        { key: f.id, 'data-flag': f.id },
        h(
          'div',
          { class: 'row-head' },
          h('strong', null, f.flaggedBy),
          f.severity === null
            ? null
            : h(Badge, { tone: f.severity === 'high' ? 'breach' : 'warn' }, `${f.severity} severity`),
        ),
        h('div', null, f.reason),
        h(
          'div',
          { class: 'muted' },
          `${f.category ?? 'uncategorised'} · ${f.status} · ${ago(f.createdAt, props.nowMs)}`,
        ),
        f.permalink === null
          ? null
          : h('a', { href: f.permalink, target: '_blank', rel: 'noopener noreferrer' }, 'Slack thread'),
      ),
    ),
  );
}

/**
 * The checklist that applies (a self-check before sending), then reviews and flags on the ticket,
 * and "Flag for QA review" when the app is connected.
 */
export function QaPanel(props: { qa: SidebarQa; nowMs: number; flag: FlagForQa | null }) {
  const { scorecard, reviews, flags } = props.qa;
  return h(
    Panel,
    { title: 'QA', id: 'qa', count: reviews.length + flags.length },
    scorecard === null
      ? h(Empty, null, 'No scorecard applies to this ticket, so there is no checklist for it.')
      : h(SelfCheck, { scorecard, key: `${scorecard.id}@${scorecard.version}` }),
    h('h3', null, 'Reviews'),
    reviews.length === 0
      ? h(Empty, null, 'No reviews on this ticket.')
      : h(
          'ul',
          { class: 'rows reviews' },
          reviews.map((r) => h(Review, { r, nowMs: props.nowMs, key: r.id })),
        ),
    h('h3', null, 'Flags'),
    h(Flags, { flags, nowMs: props.nowMs }),
    props.flag === null ? null : h(FlagForQaAction, { flag: props.flag }),
  );
}
