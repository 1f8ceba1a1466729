import type { AddressInfo } from 'node:net';
import type { ConnectorSandbox, RunningSandbox, SandboxOptions } from '../../../shared/sync/contract.js';
import { Dataset } from './dataset.js';
import { type Fault, FaultPlan } from './faults.js';
import { KNOWLEDGE_BODY_FIELD } from './knowledge.js';
import { createSandboxServer } from './server.js';
import type { SandboxState } from './state.js';

export type { Fault } from './faults.js';
export { KNOWLEDGE_BODY_FIELD, KNOWLEDGE_PAGE_SIZE } from './knowledge.js';
export type { SfRecord } from './seed.js';

export const SANDBOX_API_VERSION = '62.0';
export const SANDBOX_CREDENTIALS = {
  clientId: 'casebridge-sandbox-client',
  clientSecret: 'casebridge-sandbox-secret',
  refreshToken: 'casebridge-sandbox-refresh-token',
};

export interface SalesforceSandboxOptions extends SandboxOptions {
  /** Generated timestamps all fall before this instant (ms); default: the start time. */
  anchor?: number;
  /** Every n-th case carries an unparseable CreatedDate (0 = none, the default). */
  malformedEvery?: number;
  /** false: the org has no EmailMessage object (Email-to-Case off). */
  emailMessages?: boolean;
  /** Sforce-Limit-Info: requests already used today, and the daily allocation. */
  apiUsage?: { used: number; limit: number };
  /** Polls a Bulk API job answers InProgress before JobComplete (default 0). */
  bulkPollsBeforeComplete?: number;
}

/** The running sandbox plus the handles tests and the benchmark use to steer it. */
export interface SalesforceSandbox extends RunningSandbox {
  dataset: Dataset;
  faults: { inject(fault: Fault): void; clear(): void; readonly pending: number };
  stats: SandboxState['stats'];
  apiUsage: SandboxState['apiUsage'];
  /** The sandbox clock (ms): real time plus what `advance` added. */
  now(): number;
  advance(ms: number): void;
}

/**
 * A local Salesforce org speaking the REST API subset casebridge uses, seeded deterministically
 * (`seed`, `size` cases; the contacts are the shared seed customers that use Salesforce, so some
 * share emails with the Zendesk sandbox).
 */
export async function startSalesforceSandbox(
  options: SalesforceSandboxOptions = {},
): Promise<SalesforceSandbox> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const anchor = options.anchor ?? Math.floor(Date.now() / 1000) * 1000;
  const dataset = new Dataset(
    {
      seed: options.seed ?? 1,
      size: options.size ?? 300,
      anchor,
      malformedEvery: options.malformedEvery ?? 0,
      emailMessages: options.emailMessages ?? true,
      apiVersion: SANDBOX_API_VERSION,
    },
    now,
  );
  const faults = new FaultPlan();
  const state: SandboxState = {
    dataset,
    faults,
    apiVersion: SANDBOX_API_VERSION,
    credentials: SANDBOX_CREDENTIALS,
    tokens: new Set(),
    cursors: new Map(),
    jobs: new Map(),
    apiUsage: { ...(options.apiUsage ?? { used: 0, limit: 1_000_000 }) },
    stats: { requests: 0, tokenRequests: 0, byRoute: {} },
    bulkPollsBeforeComplete: options.bulkPollsBeforeComplete ?? 0,
    counter: 1,
    now,
  };
  let url = '';
  const server = createSandboxServer(state, () => url);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    dataset,
    faults: {
      inject: (fault) => faults.inject(fault),
      clear: () => faults.clear(),
      get pending() {
        return faults.size;
      },
    },
    stats: state.stats,
    apiUsage: state.apiUsage,
    now,
    advance: (ms) => {
      offset += ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A connection (without `id`) pointing at a running sandbox, with the sandbox's client credentials. */
export function sandboxConnection(url: string): Record<string, unknown> {
  return {
    instanceUrl: url,
    loginUrl: url,
    apiVersion: SANDBOX_API_VERSION,
    auth: { ...SANDBOX_CREDENTIALS },
    tagsField: 'Tags__c',
    accountTierField: 'Tier__c',
    // The sandbox org's Priority picklist; write-back picks the first value mapping to a priority.
    priorityMap: { Low: 'low', Medium: 'normal', High: 'high', Critical: 'urgent' },
    // The demo imports the sandbox's Knowledge articles as SOPs (real connections only when a job lists `knowledge`).
    knowledge: { defaultOwner: 'kb-team@support.acme.example', bodyFields: [KNOWLEDGE_BODY_FIELD] },
  };
}

export const salesforceSandbox: ConnectorSandbox = {
  start: (options) => startSalesforceSandbox(options),
  connection: sandboxConnection,
};
