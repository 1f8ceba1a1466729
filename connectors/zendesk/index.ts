import { defineConnector } from '../../shared/sync/index.js';
import type { ZendeskDeps } from './client.js';
import { type ZendeskConnection, ZendeskConnectionSchema } from './config.js';
import { ticketsStream } from './streams/tickets.js';

/** Builds the connector; tests inject a clock and shorter backoffs, the registry uses the defaults. */
export function createZendeskConnector(deps: ZendeskDeps = {}) {
  return defineConnector<ZendeskConnection>({
    kind: 'zendesk',
    configSchema: ZendeskConnectionSchema,
    streams: [ticketsStream(deps)],
  });
}

export const zendeskConnector = createZendeskConnector();
