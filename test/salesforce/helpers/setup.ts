import { Writable } from 'node:stream';
import { salesforceConnector } from '../../../connectors/salesforce/index.js';
import {
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
  sandboxConnection,
  startSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.js';
import { createLogger, type Logger } from '../../../shared/log/logger.js';
import type { Store } from '../../../shared/store/index.js';
import { type RunJobOptions, runJob } from '../../../shared/sync/index.js';

/** A logger that keeps its lines, so tests can assert on warnings. */
export function memoryLogger(level = 'info'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level, destination });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export const STREAMS = ['tickets', 'people', 'organizations', 'comments', 'sla'];

/** A sandbox with fast retries, and a function that syncs a job from it into a store. */
export async function sandboxSync(
  options: SalesforceSandboxOptions & { source?: string; config?: Record<string, unknown> } = {},
) {
  const sandbox: SalesforceSandbox = await startSalesforceSandbox(options);
  const source = options.source ?? 'sf-test';
  const connection = {
    id: source,
    kind: 'salesforce',
    ...salesforceConnector.configSchema.parse({
      ...sandboxConnection(sandbox.url),
      retryBaseMs: 5,
      requestTimeoutMs: 2000,
      ...options.config,
    }),
  };
  const sync = (store: Store, extra: Partial<RunJobOptions> & { streams?: string[]; jobId?: string } = {}) =>
    runJob({
      job: {
        id: extra.jobId ?? `${source}-job`,
        connection: source,
        streams: extra.streams ?? STREAMS,
        enabled: true,
      },
      connection,
      connector: salesforceConnector as RunJobOptions['connector'],
      store,
      log: extra.log ?? memoryLogger('silent').log,
      now: extra.now ?? (() => new Date(sandbox.now())),
      ...(extra.observer === undefined ? {} : { observer: extra.observer }),
    });
  return { sandbox, connection, sync };
}
