import type { Comment } from '../../../shared/domain/index.js';
import { defineStream, type QuarantineEntry } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection } from '../config.js';
import { quarantine } from '../map.js';
import { mapComment, RawCommentEvent, RawTicketEvent } from '../map-entities.js';
import { readTimeExport, secondsOf, TimeCheckpoint, type TimePageParts } from './time-export.js';

/** The comments inside a page of ticket events; other child events (field changes) are not ours. */
export function commentsPage(items: readonly unknown[], source: string): TimePageParts {
  const comments: Comment[] = [];
  const quarantined: QuarantineEntry[] = [];
  for (const item of items) {
    const event = RawTicketEvent.safeParse(item);
    if (!event.success) {
      quarantined.push(quarantine(item, event.error));
      continue;
    }
    for (const child of event.data.child_events ?? []) {
      if (child.type !== 'Comment') continue;
      const comment = RawCommentEvent.safeParse(child);
      if (comment.success) comments.push(mapComment(comment.data, event.data, source));
      else quarantined.push(quarantine(child, comment.error));
    }
  }
  return { records: { comments }, quarantined };
}

/**
 * Comments of every ticket changed since the last run, from ONE export — the ticket events with
 * `include=comment_events` — instead of a List Comments call per changed ticket: far fewer
 * requests, and a poll with nothing new costs exactly one.
 */
export function commentsStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, TimeCheckpoint>({
    name: 'comments',
    checkpointSchema: TimeCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export
      yield* readTimeExport(context, http, exportBudgets, {
        stream: 'comments',
        path: '/api/v2/incremental/ticket_events.json',
        key: 'ticket_events',
        query: { include: 'comment_events' },
        timeOf: (item) => secondsOf((item as { timestamp?: unknown } | null)?.timestamp),
        map: (items) => commentsPage(items, connection.id),
      });
    },
  });
}
