import type { ConnectorConfigInfo } from '../shared/config/schema.js';
import type { ConnectorDefinition } from '../shared/sync/contract.js';
import { salesforceConnector } from './salesforce/index.js';
import { zendeskConnector } from './zendesk/index.js';

/**
 * kind -> connector. Adding a CRM is one folder under `connectors/` and one line here; the contract
 * suite in `test/contract/` then runs against it unchanged.
 */
export const connectors: readonly ConnectorDefinition<never>[] = [zendeskConnector, salesforceConnector];

export function findConnector(kind: string): ConnectorDefinition<never> | undefined {
  return connectors.find((c) => c.kind === kind);
}

/** What the config loader needs to know of each connector (it must not import connectors itself). */
export function connectorConfigInfo(
  list: readonly ConnectorDefinition<never>[] = connectors,
): ConnectorConfigInfo[] {
  return list.map((c) => ({
    kind: c.kind,
    configSchema: c.configSchema,
    streams: c.streams.map((s) => s.name),
  }));
}
