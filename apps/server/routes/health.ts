import type { FastifyInstance } from 'fastify';
import type { ServerDependencies } from '../server.js';

/**
 * `/healthz`: the process is up. `/readyz`: it can do its work — migrations are done and the
 * database answers; load balancers should only send traffic when this is 200.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (!deps.readiness.ready) {
      return reply.code(503).send({ error: { code: 'not_ready', message: deps.readiness.reason } });
    }
    try {
      await deps.store().ping();
      return { status: 'ready' };
    } catch (error) {
      const message = `database unreachable: ${(error as Error).message}`;
      return reply.code(503).send({ error: { code: 'database_unreachable', message } });
    }
  });
}
