import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SlackHttpHandler } from '../../slack-bot/receiver.js';
import type { ServerDependencies } from '../server.js';

/** What the server needs of the Slack bot: its framework-free request handler (HTTP mode only). */
export interface SlackDependencies {
  /** Absent over Socket Mode: Slack's requests then come over the bot's WebSocket. */
  handleHttp: SlackHttpHandler | undefined;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * `POST /slack/events` (events, slash commands and interactivity on one URL), feeding the bot's
 * Bolt receiver. The signature is over the raw body, so this scope parses nothing itself: form and
 * JSON bodies arrive as strings. Encapsulated, so other routes keep Fastify's JSON parser.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  const handleHttp = deps.slack?.handleHttp;
  if (handleHttp === undefined) return;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/slack/events', async (request, reply) => {
      const answer = await handleHttp({
        rawBody: typeof request.body === 'string' ? request.body : '',
        contentType: header(request, 'content-type'),
        timestamp: header(request, 'x-slack-request-timestamp'),
        signature: header(request, 'x-slack-signature'),
        retryNum: header(request, 'x-slack-retry-num'),
        retryReason: header(request, 'x-slack-retry-reason'),
      });
      void reply.code(answer.status);
      if (answer.body === '') return reply.send();
      return reply.send(answer.body);
    });
  });
}
