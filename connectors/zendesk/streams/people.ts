import { z } from 'zod';
import type { Person } from '../../../shared/domain/index.js';
import { defineStream, type QuarantineEntry } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection } from '../config.js';
import { quarantine } from '../map.js';
import { mapUser, RawUser } from '../map-entities.js';
import { CursorCheckpoint, type PageParts, readCursorExport } from './cursor-export.js';

const UsersEnvelope = z.looseObject({
  users: z.array(z.unknown()),
  after_cursor: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});

/** Active users are upserted; deleted ones (`active: false`) are removed. */
export function peoplePage(users: readonly unknown[], source: string): PageParts {
  const people: Person[] = [];
  const deletes: string[] = [];
  const quarantined: QuarantineEntry[] = [];
  for (const item of users) {
    const parsed = RawUser.safeParse(item);
    if (!parsed.success) quarantined.push(quarantine(item, parsed.error));
    else if (parsed.data.active === false) deletes.push(String(parsed.data.id));
    else people.push(mapUser(parsed.data, source));
  }
  return { records: { people }, deletes: { people: deletes }, quarantined };
}

export function peopleStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, CursorCheckpoint>({
    name: 'people',
    checkpointSchema: CursorCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-user-export-cursor-based
      yield* readCursorExport(context, http, exportBudgets, {
        stream: 'people',
        path: '/api/v2/incremental/users/cursor.json',
        query: { per_page: 1000 },
        envelope: UsersEnvelope,
        count: (envelope) => envelope.users.length,
        map: (envelope) => peoplePage(envelope.users, connection.id),
      });
    },
  });
}
