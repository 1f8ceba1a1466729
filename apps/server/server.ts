import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { Logger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import { registerErrorHandling } from './errors.js';
import * as health from './routes/health.js';
import * as metrics from './routes/metrics.js';

/** Whether the server may take traffic; false while migrations run, with the reason. */
export interface Readiness {
  ready: boolean;
  reason: string;
}

export interface ServerDependencies {
  /** A getter: the store exists only once migrations are done. */
  store: () => Store;
  metrics: Registry;
  log: Logger;
  readiness: Readiness;
}

export function buildServer(deps: ServerDependencies): FastifyInstance {
  collectDefaultMetrics({ register: deps.metrics, prefix: 'casebridge_' });
  const loggerInstance: FastifyBaseLogger = deps.log.child({ component: 'http' });
  const app: FastifyInstance = Fastify({ loggerInstance });
  registerErrorHandling(app);
  for (const routes of [health, metrics]) routes.register(app, deps);
  return app;
}
