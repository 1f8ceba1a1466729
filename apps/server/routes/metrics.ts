import type { FastifyInstance } from 'fastify';
import type { ServerDependencies } from '../server.js';

/** Prometheus scrape endpoint: sync runs, records, errors, durations, plus process metrics. */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(body);
  });
}
