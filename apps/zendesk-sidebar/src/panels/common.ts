import { type ComponentChildren, h } from 'preact';
import type { SidebarLink } from '../api-types.js';

/** A titled section; `count` is shown in the heading so a collapsed glance still says something. */
export function Panel(props: { title: string; id: string; children?: ComponentChildren; count?: number }) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${props.id}-title`, 'data-panel': props.id },
    h(
      'h2',
      { id: `${props.id}-title` },
      props.title,
      props.count === undefined ? null : h('span', { class: 'count' }, ` ${props.count}`),
    ),
    props.children,
  );
}

export const Empty = (props: { children?: ComponentChildren }) => h('p', { class: 'empty' }, props.children);

/** Opens the record in its CRM in a new tab (the sidebar iframe must not navigate). */
export function RecordLink(props: {
  link: Pick<SidebarLink, 'url' | 'source'>;
  children?: ComponentChildren;
}) {
  if (props.link.url === null) return h('span', null, props.children);
  return h(
    'a',
    {
      href: props.link.url,
      target: '_blank',
      rel: 'noopener noreferrer',
      title: `Open in ${props.link.source}`,
    },
    props.children,
  );
}

export const Badge = (props: { tone: string; children?: ComponentChildren }) =>
  h('span', { class: `badge badge-${props.tone}` }, props.children);
