import { h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type {
  SidebarAction,
  SidebarHistoryTicket,
  SidebarPayload,
  SidebarQa,
  SidebarQaFlag,
} from './api-types.js';
import { CustomerPanel } from './panels/customer.js';
import { EscalationPanel } from './panels/escalation.js';
import { QaPanel } from './panels/qa.js';
import type { FlagForQa } from './panels/qa-flag-form.js';
import { SlaPanel } from './panels/sla.js';
import { type SopActions, SopPanel } from './panels/sops.js';
import { connect, type SidebarApi, type ZafClient } from './zaf.js';

type State =
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; data: SidebarPayload; skewMs: number };

/** Ticket changes that can change what the panels show. */
const TICKET_EVENTS = ['ticket.updated', 'ticket.status.changed', 'ticket.priority.changed'];

/** Tells Zendesk the iframe's height whenever the content's changes, so nothing scrolls inside it. */
function useAutoResize(client: ZafClient) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let last = 0;
    const report = () => {
      const height = Math.ceil(root.current?.getBoundingClientRect().height ?? 0) + 8;
      if (height !== last) {
        last = height;
        void client.invoke('resize', { width: '100%', height: `${height}px` });
      }
    };
    const observer = new ResizeObserver(report);
    if (root.current !== null) observer.observe(root.current);
    report();
    return () => observer.disconnect();
  }, [client]);
  return root;
}

export function App(props: { client: ZafClient; timeoutMs?: number }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [api, setApi] = useState<SidebarApi | null>(null);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [older, setOlder] = useState<{ tickets: SidebarHistoryTicket[]; cursor: string | null } | null>(null);
  const root = useAutoResize(props.client);

  const show = (data: SidebarPayload) =>
    setState({ kind: 'ready', data, skewMs: Date.parse(data.now) - Date.now() });
  const load = useCallback(
    async (quiet: boolean) => {
      if (!quiet) setState({ kind: 'loading' });
      try {
        const connected = api ?? (await connect(props.client, props.timeoutMs));
        setApi(connected);
        if (connected.ticketId === null)
          return setState({
            kind: 'empty',
            message: 'Save the ticket to see its SLA, escalation and customer history.',
          });
        show(await connected.load());
        setOlder(null);
      } catch (error) {
        setState({ kind: 'error', message: (error as Error).message });
      }
    },
    [api, props.client, props.timeoutMs],
  );

  useEffect(() => {
    void load(false);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void load(true), 300);
    };
    for (const event of TICKET_EVENTS) props.client.on(event, refresh);
    return () => clearInterval(timer);
    // Subscribed once: ZAF has no `off` for these, and `load` reads the latest api itself.
  }, []);

  const act = async (action: SidebarAction, body?: Record<string, unknown>) => {
    if (api === null) return;
    setBusy(true);
    setActionError(null);
    try {
      show(await api.act(action, body));
    } catch (error) {
      setActionError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const loadOlder = async () => {
    const cursor = older?.cursor ?? (state.kind === 'ready' ? state.data.customer?.nextCursor : null);
    if (api === null || cursor == null) return;
    const page = await api.history(cursor).catch((error: Error) => {
      setActionError(error.message);
      return null;
    });
    if (page !== null)
      setOlder({ tickets: [...(older?.tickets ?? []), ...page.tickets], cursor: page.nextCursor });
  };

  const unconnected = () => Promise.reject(new Error('not connected to casebridge yet'));
  const sopActions: SopActions = {
    open: (id) => api?.sop(id) ?? unconnected(),
    markUsed: (id) => api?.sopUsed(id) ?? unconnected(),
  };
  // The answer carries the ticket's flags: the new one shows at once, without reloading the rest.
  const flagForQa: FlagForQa = async (input) => {
    if (api === null) return unconnected();
    const flagged = await api.flagForQa(input);
    setState((current) =>
      current.kind === 'ready' ? { ...current, data: withFlags(current.data, flagged.flags) } : current,
    );
    return flagged;
  };

  return h(
    'div',
    { ref: root, class: 'app', 'data-state': state.kind },
    body(state, now, {
      act,
      busy,
      actionError,
      older,
      loadOlder,
      sopActions,
      flagForQa: api === null ? null : flagForQa,
      retry: () => void load(false),
    }),
  );
}

function body(
  state: State,
  now: number,
  ui: {
    act: (a: SidebarAction, b?: Record<string, unknown>) => Promise<void>;
    busy: boolean;
    actionError: string | null;
    older: { tickets: SidebarHistoryTicket[]; cursor: string | null } | null;
    loadOlder: () => Promise<void>;
    sopActions: SopActions;
    flagForQa: FlagForQa | null;
    retry: () => void;
  },
) {
  if (state.kind === 'loading') return h('p', { class: 'loading', role: 'status' }, 'Loading casebridge…');
  if (state.kind === 'empty') return h('p', { class: 'empty' }, state.message);
  if (state.kind === 'error')
    return h(
      'div',
      { class: 'failure', role: 'alert' },
      h('p', null, state.message),
      h('button', { type: 'button', onClick: ui.retry }, 'Retry'),
    );
  const { data } = state;
  const nowMs = now + state.skewMs;
  const more = ui.older === null ? data.customer?.nextCursor != null : ui.older.cursor !== null;
  return [
    h(SlaPanel, { sla: data.sla, nowMs, key: 'sla' }),
    h(EscalationPanel, { data, nowMs, act: ui.act, busy: ui.busy, error: ui.actionError, key: 'esc' }),
    h(CustomerPanel, {
      customer: data.customer,
      older: ui.older?.tickets ?? [],
      nowMs,
      loadOlder: more ? () => void ui.loadOlder() : null,
      key: 'cust',
    }),
    h(SopPanel, { sops: data.sops ?? [], actions: ui.sopActions, nowMs, key: 'sops' }),
    h(QaPanel, { qa: qaOf(data), nowMs, flag: ui.flagForQa, key: 'qa' }),
  ];
}

/** A casebridge older than this app sends only `qaFlags`: show those rather than nothing. */
function qaOf(data: SidebarPayload): SidebarQa {
  return data.qa ?? { scorecard: null, reviews: [], flags: data.qaFlags };
}

function withFlags(data: SidebarPayload, flags: SidebarQaFlag[]): SidebarPayload {
  return { ...data, qaFlags: flags, qa: { ...qaOf(data), flags } };
}
