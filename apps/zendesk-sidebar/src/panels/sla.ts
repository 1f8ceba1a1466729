import { h } from 'preact';
import type { SidebarSla } from '../api-types.js';
import { humanise, metricLabel, slaClock } from '../format.js';
import { Badge, Empty, Panel } from './common.js';

/** Each target with a live clock; re-rendered every second by the app's ticking `nowMs`. */
export function SlaPanel(props: { sla: SidebarSla[]; nowMs: number }) {
  return h(
    Panel,
    { title: 'SLA', id: 'sla', count: props.sla.length },
    props.sla.length === 0
      ? h(Empty, null, 'No SLA targets on this ticket.')
      : h(
          'ul',
          { class: 'rows' },
          props.sla.map((target) => {
            const clock = slaClock(target, props.nowMs);
            return h(
              'li',
              { class: `sla sla-${clock.tone}`, key: target.metric, 'data-metric': target.metric },
              h(
                'div',
                { class: 'row-head' },
                h('strong', null, metricLabel(target.metric)),
                h(Badge, { tone: clock.tone }, clock.stage),
              ),
              h('div', { class: 'clock', role: 'timer', 'aria-live': 'off' }, clock.text),
              h(
                'div',
                { class: 'muted' },
                target.policy === null ? 'no policy' : `policy ${humanise(target.policy)}`,
              ),
            );
          }),
        ),
  );
}
