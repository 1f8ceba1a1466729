import { z } from 'zod';
import type { SlaTarget } from '../../../shared/domain/index.js';
import { type ConnectorStateStore, defineStream, type QuarantineEntry } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection } from '../config.js';
import { quarantine } from '../map.js';
import {
  applyEvent,
  emptyFold,
  foldKey,
  RawMetricEvent,
  SlaFold,
  slaMetric,
  toSlaTarget,
} from '../map-sla.js';
import { readTimeExport, secondsOf, TimeCheckpoint, type TimePageParts } from './time-export.js';

const TicketFolds = z.record(z.string(), SlaFold);
type TicketFolds = z.infer<typeof TicketFolds>;

const stateKey = (ticketId: number) => `zendesk.sla.${ticketId}`;

async function loadFolds(state: ConnectorStateStore, ticketId: number): Promise<TicketFolds> {
  const stored = await state.get(stateKey(ticketId));
  if (stored === null) return {};
  const parsed = TicketFolds.safeParse(stored);
  // An unreadable fold (older version) restarts from this page's events rather than failing the sync.
  return parsed.success ? parsed.data : {};
}

/**
 * Folds a page of metric events into targets. Events of one target span pages and runs (applied at
 * creation, fulfilled days later), so each ticket's folds are kept in the connector state. They are
 * written before the page is committed; re-applying a page is a no-op (`lastEventId`), so a crash
 * in between loses nothing.
 */
export async function slaPage(
  items: readonly unknown[],
  source: string,
  state: ConnectorStateStore,
): Promise<TimePageParts> {
  const quarantined: QuarantineEntry[] = [];
  const byTicket = new Map<number, RawMetricEvent[]>();
  for (const item of items) {
    const parsed = RawMetricEvent.safeParse(item);
    if (!parsed.success) quarantined.push(quarantine(item, parsed.error));
    else if (slaMetric(parsed.data.metric, parsed.data.instance_id) === null)
      continue; // a metric casebridge does not track
    else byTicket.set(parsed.data.ticket_id, [...(byTicket.get(parsed.data.ticket_id) ?? []), parsed.data]);
  }
  const sla: SlaTarget[] = [];
  for (const [ticketId, events] of byTicket) {
    const folds = await loadFolds(state, ticketId);
    const touched = new Set<string>();
    for (const event of events) {
      const key = foldKey(event);
      folds[key] = applyEvent(folds[key] ?? emptyFold(event), event);
      touched.add(key);
    }
    await state.set(stateKey(ticketId), folds);
    for (const key of touched) {
      const target = toSlaTarget(folds[key] as SlaFold, source);
      if (target !== null) sla.push(target);
    }
  }
  return { records: { sla }, quarantined };
}

export function slaStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, TimeCheckpoint>({
    name: 'sla',
    checkpointSchema: TimeCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/#list-ticket-metric-events
      yield* readTimeExport(context, http, exportBudgets, {
        stream: 'sla',
        path: '/api/v2/incremental/ticket_metric_events.json',
        key: 'ticket_metric_events',
        query: {},
        timeOf: (item) => secondsOf((item as { time?: unknown } | null)?.time),
        map: (items) => slaPage(items, connection.id, context.state),
      });
    },
  });
}
