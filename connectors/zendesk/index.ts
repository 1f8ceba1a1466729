import { defineConnector } from '../../shared/sync/index.js';
import { createZendeskActions } from './actions.js';
import { checkConnection } from './check.js';
import type { ZendeskDeps } from './client.js';
import { parseConnection, type ZendeskConnection, ZendeskConnectionSchema } from './config.js';
import { fetchZendeskTicket } from './fetch-ticket.js';
import { zendeskSandbox } from './sandbox/index.js';
import { commentsStream } from './streams/comments.js';
import { knowledgeStream } from './streams/knowledge.js';
import { organizationsStream } from './streams/organizations.js';
import { peopleStream } from './streams/people.js';
import { slaStream } from './streams/sla.js';
import { ticketsStream } from './streams/tickets.js';
import { verifyZendeskWebhook, ZENDESK_SIGNATURE_HEADER, ZENDESK_TIMESTAMP_HEADER } from './webhooks.js';

/** Builds the connector; tests inject a clock and shorter backoffs, the registry uses the defaults. */
export function createZendeskConnector(deps: ZendeskDeps = {}) {
  return defineConnector<ZendeskConnection>({
    kind: 'zendesk',
    configSchema: ZendeskConnectionSchema,
    streams: [
      organizationsStream(deps),
      peopleStream(deps),
      ticketsStream(deps),
      commentsStream(deps),
      slaStream(deps),
      knowledgeStream(deps),
    ],
    sandbox: zendeskSandbox,
    check: (connection, context) => checkConnection(parseConnection(connection), context.log, deps),
    webhooks: {
      verify: (connection, request) => {
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        return verifyZendeskWebhook({
          secret: parseConnection(connection).webhookSecret,
          signature: header(ZENDESK_SIGNATURE_HEADER),
          timestamp: header(ZENDESK_TIMESTAMP_HEADER),
          rawBody: request.rawBody,
          now: request.now,
        });
      },
    },
    actions: (connection, context) =>
      createZendeskActions(parseConnection(connection), context.log, deps.clock),
    fetchTicket: (connection, externalId, context) =>
      fetchZendeskTicket(parseConnection(connection), externalId, context, deps),
  });
}

export const zendeskConnector = createZendeskConnector();

export { createZendeskActions, escalationTag } from './actions.js';
export { agentUrl, ZendeskConnectionSchema } from './config.js';
export { fetchZendeskTicket } from './fetch-ticket.js';
export { sandboxConnection, startZendeskSandbox, zendeskSandbox } from './sandbox/index.js';
export * from './webhooks.js';
