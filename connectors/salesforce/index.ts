import { CasebridgeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log/logger.js';
import { defineConnector } from '../../shared/sync/contract.js';
import { salesforceActions } from './actions.js';
import { SalesforceClient } from './client.js';
import { parseConnection, SalesforceConfig, type SalesforceConnection } from './config.js';
import { fetchSalesforceTicket } from './fetch-ticket.js';
import { salesforceSandbox } from './sandbox/index.js';
import { commentsStream } from './streams/comments.js';
import { knowledgeStream } from './streams/knowledge.js';
import { organizationsStream } from './streams/organizations.js';
import { peopleStream } from './streams/people.js';
import { slaStream } from './streams/sla.js';
import { ticketsStream } from './streams/tickets.js';

export { SalesforceConfig, type SalesforceConnection } from './config.js';
export { startSalesforceSandbox } from './sandbox/index.js';

/** Salesforce Service Cloud: cases, contacts and case owners, accounts, comments and emails, milestones. */
export const salesforceConnector = defineConnector<SalesforceConnection>({
  kind: 'salesforce',
  configSchema: SalesforceConfig,
  streams: [ticketsStream, peopleStream, organizationsStream, commentsStream, slaStream, knowledgeStream],
  async check(raw, { log, signal }) {
    try {
      return await checkConnection(parseConnection(raw), log, signal);
    } catch (error) {
      if (!(error instanceof CasebridgeError)) throw error;
      return { ok: false, message: error.message, ...(error.hint === null ? {} : { hint: error.hint }) };
    }
  },
  sandbox: salesforceSandbox,
  actions: salesforceActions,
  fetchTicket: fetchSalesforceTicket,
});

/** Logs in (a token kept only for this check) and reads the org's limits: credentials and API access. */
async function checkConnection(connection: SalesforceConnection, log: Logger, signal: AbortSignal) {
  const memory = new Map<string, unknown>();
  const state = {
    get: async (k: string) => memory.get(k) ?? null,
    set: async (k: string, v: unknown) => void memory.set(k, v),
  };
  const client = await SalesforceClient.connect(connection, { state, log, signal });
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
  await client.send({ method: 'GET', url: `${client.baseUrl}/limits` });
  const usage = client.apiUsage;
  return {
    ok: true,
    message:
      `reached Salesforce API v${connection.apiVersion} at ${connection.instanceUrl}` +
      (usage === null ? '' : ` (API usage ${usage.used}/${usage.limit} today)`),
  };
}
