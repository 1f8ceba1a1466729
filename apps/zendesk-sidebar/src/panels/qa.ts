import { h } from 'preact';
import type { SidebarQaFlag } from '../api-types.js';
import { ago } from '../format.js';
import { Badge, Empty, Panel } from './common.js';

/** QA flags on this ticket: who raised them, why, and when. */
export function QaPanel(props: { flags: SidebarQaFlag[]; nowMs: number }) {
  return h(
    Panel,
    { title: 'QA', id: 'qa', count: props.flags.length },
    props.flags.length === 0
      ? h(Empty, null, 'No QA flags on this ticket.')
      : h(
          'ul',
          { class: 'rows' },
          props.flags.map((f) =>
            h(
              'li',
              { key: `${f.flaggedBy}${f.createdAt}` },
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
        ),
  );
}
