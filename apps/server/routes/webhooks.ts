import type { FastifyInstance } from 'fastify';
import type { ServerDependencies } from '../server.js';

/** Many webhook deliveries can arrive for one change; one sync per job per window is enough. */
const DEBOUNCE_MS = 10_000;

/**
 * `POST /webhooks/:kind` (e.g. `/webhooks/zendesk`): the connection whose webhook secret verifies
 * the signature is the one that changed; its jobs get an immediate incremental sync. The body is
 * never trusted or stored — the sync reads the CRM. Anything unsigned, forged or stale is 401.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  const webhooks = deps.webhooks;
  if (webhooks === undefined) return;
  const lastTriggered = new Map<string, number>();

  app.register(async (scope) => {
    // The signature covers the body byte for byte: keep it as received (this scope only).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/:kind', async (request, reply) => {
      const { kind } = request.params as { kind: string };
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const candidates = webhooks.connections().filter((c) => c.connection.kind === kind);
      if (candidates.length === 0) {
        return reply
          .code(404)
          .send({ error: { code: 'not_found', message: `no ${kind} connection takes webhooks here` } });
      }
      let lastMessage = 'no connection verified this webhook';
      for (const { connection, verify } of candidates) {
        const verdict = verify({ headers: request.headers, rawBody, now: new Date() });
        if (!verdict.ok) {
          lastMessage = verdict.message;
          continue;
        }
        const jobs = webhooks.jobsOf(connection.id);
        const now = Date.now();
        const due = jobs.filter((job) => now - (lastTriggered.get(job) ?? 0) >= DEBOUNCE_MS);
        for (const job of due) {
          lastTriggered.set(job, now);
          await webhooks.trigger(job);
        }
        return reply.code(202).send({ accepted: true, connection: connection.id, syncing: due });
      }
      request.log.warn(`rejected a ${kind} webhook: ${lastMessage}`);
      return reply.code(401).send({ error: { code: 'unauthorized', message: lastMessage } });
    });
  });
}
