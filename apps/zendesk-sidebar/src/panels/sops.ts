import { h } from 'preact';
import { useState } from 'preact/hooks';
import type {
  SidebarSnippetRun,
  SidebarSopDetail,
  SidebarSopSuggestion,
  SidebarSopUse,
} from '../api-types.js';
import { ago } from '../format.js';
import { Badge, Empty, Panel } from './common.js';

export interface SopActions {
  open(id: string): Promise<SidebarSopDetail>;
  markUsed(id: string): Promise<SidebarSopUse>;
}

/** `text` is the suggester's word for "the ticket's words match the SOP's". */
const reasonText = (reason: string) => (reason === 'text' ? 'matches the ticket text' : reason);

/**
 * Matched words highlighted; every run is text, so a snippet can never become markup. SQLite's
 * snippets carry their own ellipses and PostgreSQL's do not: add them only where missing.
 */
function Snippet(props: { runs: SidebarSnippetRun[] }) {
  const { runs } = props;
  if (runs.length === 0) return null;
  const first = runs[0]?.text ?? '';
  const last = runs.at(-1)?.text ?? '';
  return h(
    'p',
    { class: 'snippet' },
    first.startsWith('…') ? '' : '…',
    runs.map((run, i) => (run.match ? h('mark', { key: i }, run.text) : run.text)),
    last.endsWith('…') ? '' : '…',
  );
}

/** The steps to tick while working (the agent's own notes: never sent), then the full procedure. */
function Procedure(props: { detail: SidebarSopDetail }) {
  const { detail } = props;
  const [done, setDone] = useState<ReadonlySet<number>>(new Set());
  const toggle = (i: number) => {
    const next = new Set(done);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setDone(next);
  };
  return h(
    'div',
    { class: 'procedure' },
    detail.steps.length === 0
      ? null
      : h(
          'ol',
          { class: 'steps', 'aria-label': `Steps of ${detail.title}` },
          detail.steps.map((step, i) =>
            h(
              'li',
              { key: i },
              h(
                'label',
                { class: 'check' },
                h('input', { type: 'checkbox', checked: done.has(i), onChange: () => toggle(i) }),
                ` ${step}`,
              ),
            ),
          ),
        ),
    h(
      'details',
      { class: 'sop-full', open: detail.steps.length === 0 },
      h('summary', null, 'Full procedure'),
      // The server renders this from Markdown with every text escaped, only its own elements and
      // http(s)/mailto links (`renderSopHtml`): nothing from the SOP file reaches the DOM as markup.
      h('div', { class: 'sop-body', dangerouslySetInnerHTML: { __html: detail.html } }),
    ),
    detail.lastVerified === null
      ? h('div', { class: 'muted' }, 'Never verified')
      : h('div', { class: 'muted' }, `Last verified ${detail.lastVerified.slice(0, 10)}`),
  );
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; detail: SidebarSopDetail }
  | { kind: 'error'; message: string };

function SopItem(props: { sop: SidebarSopSuggestion; actions: SopActions; nowMs: number }) {
  const { sop, actions } = props;
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [use, setUse] = useState<SidebarSopUse | null>(null);
  const [busy, setBusy] = useState(false);
  const [useError, setUseError] = useState<string | null>(null);
  const usedAt = use?.usedAt ?? sop.usedAt;

  const load = () => {
    setLoaded({ kind: 'loading' });
    actions.open(sop.id).then(
      (detail) => setLoaded({ kind: 'ready', detail }),
      (error: Error) => setLoaded({ kind: 'error', message: error.message }),
    );
  };
  const toggle = () => {
    if (!open && (loaded === null || loaded.kind === 'error')) load();
    setOpen(!open);
  };
  const markUsed = async () => {
    setBusy(true);
    setUseError(null);
    try {
      setUse(await actions.markUsed(sop.id));
    } catch (error) {
      setUseError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return h(
    'li',
    { class: 'sop', 'data-sop': sop.id },
    h(
      'div',
      { class: 'row-head' },
      h(
        'button',
        { type: 'button', class: 'link sop-title', 'aria-expanded': open, onClick: toggle },
        sop.title,
      ),
      h(
        'span',
        null,
        sop.stale ? h(Badge, { tone: 'warn' }, 'needs review') : null,
        usedAt === null ? null : h(Badge, { tone: 'done' }, 'Used'),
      ),
    ),
    h('div', { class: 'muted' }, `Owner ${sop.owner} · version ${sop.version}`),
    sop.reasons.length === 0
      ? null
      : h('div', { class: 'reasons' }, `Why: ${sop.reasons.map(reasonText).join(' · ')}`),
    h(Snippet, { runs: sop.snippet }),
    !open
      ? null
      : h(
          'div',
          { class: 'sop-open' },
          loaded?.kind === 'loading'
            ? h('p', { class: 'loading', role: 'status' }, 'Loading the SOP…')
            : null,
          loaded?.kind === 'error'
            ? h(
                'div',
                { class: 'error', role: 'alert' },
                loaded.message,
                ' ',
                h('button', { type: 'button', class: 'link', onClick: load }, 'Retry'),
              )
            : null,
          loaded?.kind === 'ready' ? h(Procedure, { detail: loaded.detail }) : null,
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                disabled: busy || usedAt !== null,
                onClick: () => void markUsed(),
              },
              usedAt === null ? 'Used this SOP' : 'Used on this ticket',
            ),
          ),
          usedAt === null
            ? null
            : h(
                'p',
                { class: 'muted used', role: 'status' },
                use !== null && !use.recorded
                  ? `Already recorded as used ${ago(usedAt, props.nowMs)}.`
                  : `Recorded as used on this ticket ${ago(usedAt, props.nowMs)}.`,
              ),
          useError === null ? null : h('p', { class: 'error', role: 'alert' }, useError),
        ),
  );
}

/** SOPs suggested for this ticket, why, and — opened — their steps and a "Used this SOP" action. */
export function SopPanel(props: { sops: SidebarSopSuggestion[]; actions: SopActions; nowMs: number }) {
  return h(
    Panel,
    { title: 'SOPs', id: 'sops', count: props.sops.length },
    props.sops.length === 0
      ? h(Empty, null, 'No SOP is suggested for this ticket.')
      : h(
          'ul',
          { class: 'rows sops' },
          props.sops.map((sop) =>
            h(SopItem, { sop, actions: props.actions, nowMs: props.nowMs, key: sop.id }),
          ),
        ),
  );
}
