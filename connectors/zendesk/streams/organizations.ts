import type { Organization } from '../../../shared/domain/index.js';
import { defineStream, type QuarantineEntry } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection } from '../config.js';
import { quarantine } from '../map.js';
import { mapOrganization, RawOrganization } from '../map-entities.js';
import { readTimeExport, secondsOf, TimeCheckpoint, type TimePageParts } from './time-export.js';

/** Live organizations are upserted; deleted ones (`deleted_at` set) are removed. */
export function organizationsPage(items: readonly unknown[], source: string): TimePageParts {
  const organizations: Organization[] = [];
  const deletes: string[] = [];
  const quarantined: QuarantineEntry[] = [];
  for (const item of items) {
    const parsed = RawOrganization.safeParse(item);
    if (!parsed.success) quarantined.push(quarantine(item, parsed.error));
    else if (parsed.data.deleted_at != null) deletes.push(String(parsed.data.id));
    else organizations.push(mapOrganization(parsed.data, source));
  }
  return { records: { organizations }, deletes: { organizations: deletes }, quarantined };
}

export function organizationsStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, TimeCheckpoint>({
    name: 'organizations',
    checkpointSchema: TimeCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      // Organizations have only the time-based export.
      // https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-organization-export
      yield* readTimeExport(context, http, exportBudgets, {
        stream: 'organizations',
        path: '/api/v2/incremental/organizations.json',
        key: 'organizations',
        query: {},
        timeOf: (item) => secondsOf((item as { updated_at?: unknown } | null)?.updated_at),
        map: (items) => organizationsPage(items, connection.id),
      });
    },
  });
}
