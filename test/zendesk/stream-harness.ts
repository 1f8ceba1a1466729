import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../shared/http/index.js';
import type { ConnectorStateStore, Page, StreamDefinition } from '../../shared/sync/index.js';
import { silentLog } from './helpers.js';

export const ZENDESK = 'https://acme.zendesk.com';

export const connection = {
  id: 'zd',
  subdomain: 'acme',
  auth: { email: 'ops@acme.com', apiToken: 'tok' },
  exportRequestsPerMinute: 10,
  timeoutMs: 5_000,
};

export const basicAuth = `Basic ${Buffer.from('ops@acme.com/token:tok').toString('base64')}`;

/** A recorded response in Zendesk's real shape, from connectors/zendesk/fixtures. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '../../connectors/zendesk/fixtures', name), 'utf8'),
  );
}

export function memoryState(): ConnectorStateStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: async (key) => (values.has(key) ? structuredClone(values.get(key)) : null),
    set: async (key, value) => {
      values.set(key, structuredClone(value));
    },
  };
}

/** Reads a stream to the end (or the first error) as the runner would, with the job's id on the log. */
export async function readAll<C>(
  stream: StreamDefinition<never, C>,
  options: {
    checkpoint?: C | null;
    startFrom?: Date | null;
    now?: Date;
    state?: ConnectorStateStore;
    connection?: Record<string, unknown>;
  } = {},
): Promise<Page<C>[]> {
  const pages: Page<C>[] = [];
  const read = (stream as unknown as StreamDefinition<Record<string, unknown>, C>).read({
    connection: options.connection ?? connection,
    source: 'zd',
    checkpoint: options.checkpoint ?? null,
    startFrom: options.startFrom === undefined ? new Date('2024-07-01T00:00:00Z') : options.startFrom,
    signal: new AbortController().signal,
    log: silentLog.child({ job: 'zd-job', stream: stream.name }),
    now: () => options.now ?? new Date('2024-08-01T00:00:00Z'),
    state: options.state ?? memoryState(),
  });
  for await (const page of read) pages.push(page);
  return pages;
}

/** Records the clock at each request a nock interceptor answers. */
export function stamp(
  clock: Clock,
  times: number[],
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return () => {
    times.push(clock.now());
    return [status, body, headers] as [number, unknown, Record<string, string>];
  };
}
