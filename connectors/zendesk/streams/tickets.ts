import { z } from 'zod';
import type { Ticket } from '../../../shared/domain/index.js';
import { defineStream, type QuarantineEntry } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection } from '../config.js';
import { mapTicket, quarantine, RawMetricSet, RawTicket } from '../map.js';
import { CursorCheckpoint, type PageParts, readCursorExport } from './cursor-export.js';

const TicketsEnvelope = z.looseObject({
  tickets: z.array(z.unknown()),
  metric_sets: z.array(z.unknown()).optional(),
  after_cursor: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});
type TicketsEnvelope = z.infer<typeof TicketsEnvelope>;

export const TICKETS_PAGE_SIZE = 1000;

/** Maps one export page: tickets to upsert, `status: deleted` tombstones, malformed records quarantined. */
export function ticketsPage(body: TicketsEnvelope, connection: ZendeskConnection): PageParts {
  const metrics = new Map<number, RawMetricSet>();
  for (const item of body.metric_sets ?? []) {
    const parsed = RawMetricSet.safeParse(item);
    if (parsed.success) metrics.set(parsed.data.ticket_id, parsed.data);
  }
  const tickets: Ticket[] = [];
  const deletes: string[] = [];
  const quarantined: QuarantineEntry[] = [];
  const context = { source: connection.id, subdomain: connection.subdomain };
  for (const item of body.tickets) {
    const parsed = RawTicket.safeParse(item);
    if (!parsed.success) quarantined.push(quarantine(item, parsed.error));
    else if (parsed.data.status === 'deleted') deletes.push(String(parsed.data.id));
    else tickets.push(mapTicket(parsed.data, metrics.get(parsed.data.id), context));
  }
  return { records: { tickets }, deletes: { tickets: deletes }, quarantined };
}

/**
 * Tickets through the cursor-based incremental export, with our own HTTP client rather than
 * node-zendesk: its incremental helpers stop after the first page (blakmatrix/node-zendesk #192,
 * #347), `exportCursor` sends `cursor=undefined`, and a 429 resolves with an Error as the result
 * instead of rejecting, so a sync would silently stop early.
 */
export function ticketsStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, CursorCheckpoint>({
    name: 'tickets',
    checkpointSchema: CursorCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
      yield* readCursorExport(context, http, exportBudgets, {
        stream: 'tickets',
        path: '/api/v2/incremental/tickets/cursor.json',
        query: { per_page: TICKETS_PAGE_SIZE, support_type_scope: 'all', include: 'metric_sets' },
        envelope: TicketsEnvelope,
        count: (envelope) => envelope.tickets.length,
        map: (envelope) => ticketsPage(envelope, connection),
      });
    },
  });
}
