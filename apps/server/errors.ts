import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { CasebridgeError } from '../../shared/errors.js';

/** Every error body is `{ "error": { "code", "message" } }` — also for 404s and bad JSON. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route for ${request.method} ${request.url}` } });
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof CasebridgeError) {
      const status = error.code.endsWith('.unknown') ? 404 : error.code.endsWith('.busy') ? 409 : 400;
      return reply.code(status).send({ error: { code: error.code, message: error.describe() } });
    }
    if (error instanceof ZodError) {
      const message = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'bad_request', message } });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const code = (error as { code?: string }).code ?? (status >= 500 ? 'internal' : 'bad_request');
    const message = status >= 500 ? 'internal error; see the server log' : (error as Error).message;
    return reply.code(status).send({ error: { code: code.toLowerCase(), message } });
  });
}
