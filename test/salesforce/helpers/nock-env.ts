import nock from 'nock';
import { SalesforceConfig } from '../../../connectors/salesforce/config.js';
import type { ConnectorStateStore, Page, StreamDefinition } from '../../../shared/sync/contract.js';
import { memoryLogger } from './setup.js';

export const INSTANCE = 'https://acme.my.salesforce.com';
export const LOGIN = 'https://login.salesforce.com';
export const API = '/services/data/v62.0';
export const RUN_START = new Date('2026-03-01T12:00:00.000Z');

export function memoryState(
  initial: Record<string, unknown> = {},
): ConnectorStateStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return { data, get: async (k) => data.get(k) ?? null, set: async (k, v) => void data.set(k, v) };
}

/** A stored session, so a stream starts without a token request. */
export function sessionState(token = 'stored-token') {
  return memoryState({
    'salesforce.session': {
      accessToken: token,
      authKey: storedKey(),
      obtainedAt: '2026-03-01T00:00:00.000Z',
    },
  });
}

// The key the Authenticator derives for the refresh-token credentials below.
import { createHash } from 'node:crypto';

function storedKey(): string {
  return createHash('sha256').update('client-id\u0000refresh-1').digest('hex').slice(0, 32);
}

export function connection(extra: Record<string, unknown> = {}) {
  return {
    id: 'sf',
    kind: 'salesforce',
    ...SalesforceConfig.parse({
      instanceUrl: INSTANCE,
      apiVersion: '62.0',
      auth: { clientId: 'client-id', clientSecret: 'secret', refreshToken: 'refresh-1' },
      bulkThreshold: 0,
      retryBaseMs: 1,
      ...extra,
    }),
  };
}

/** Reads a stream to the end (or its first error), returning the pages and the error. */
export async function readStream<C>(
  stream: StreamDefinition<ReturnType<typeof connection>, C>,
  options: {
    connection?: ReturnType<typeof connection>;
    checkpoint?: C | null;
    state?: ConnectorStateStore;
  } = {},
) {
  const { log, lines } = memoryLogger('debug');
  const pages: Page<C>[] = [];
  let error: unknown = null;
  try {
    for await (const page of stream.read({
      connection: options.connection ?? connection(),
      source: 'sf',
      checkpoint: options.checkpoint ?? null,
      startFrom: new Date('2024-01-01T00:00:00.000Z'),
      signal: new AbortController().signal,
      log,
      now: () => RUN_START,
      state: options.state ?? sessionState(),
    })) {
      pages.push(page);
    }
  } catch (failure) {
    error = failure;
  }
  return { pages, error, lines };
}

export const sf = () => nock(INSTANCE);
export const limitInfo = (used = 10, limit = 15000) => ({
  'Sforce-Limit-Info': `api-usage=${used}/${limit}`,
});

/** A query response page. */
export function queryPage(records: unknown[], next?: string, totalSize = records.length) {
  return {
    totalSize,
    done: next === undefined,
    ...(next === undefined ? {} : { nextRecordsUrl: next }),
    records,
  };
}

export function soqlOf(path: string): string {
  return new URL(path, INSTANCE).searchParams.get('q') ?? '';
}
