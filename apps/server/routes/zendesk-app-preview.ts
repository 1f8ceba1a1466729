import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { signJwt } from '../../zendesk-sidebar/server/jwt.js';
import { fakeZafScript, previewPage } from '../../zendesk-sidebar/server/preview-page.js';
import type { PreviewDependencies } from '../../zendesk-sidebar/server/preview-wiring.js';
import type { ServerDependencies } from '../server.js';

/** Demo only: the preview signs a JWT for whoever opens it, as Zendesk does for its agents. */
export type { PreviewDependencies };

const PreviewQuery = z.object({
  ticket: z.string().regex(/^\d{1,20}$/, 'expected ?ticket=<Zendesk ticket id>'),
});
/** What the fake ZAF client forwards: the app's own `client.request` options, unchanged. */
const ProxyRequest = z.object({
  url: z.string().min(1),
  type: z.enum(['GET', 'POST']).default('GET'),
  data: z.string().max(20_000).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  secure: z.literal(true),
  jwt: z.object({
    algorithm: z.literal('HS256'),
    secret_key: z.literal('{{setting.sharedSecret}}'),
    expiry: z.number().int().min(1).max(3600),
    claims: z.record(z.string(), z.unknown()),
  }),
});
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * `/zendesk-app/preview?ticket=<id>`: the real app (the built bundle, unchanged) inside a page
 * standing in for Zendesk. Its fake ZAF client sends `client.request` options to
 * `/zendesk-app/preview/proxy`, which does what Zendesk's proxy does: substitutes the secure
 * setting server-side, signs the JWT and forwards to `/api/sidebar/*`. The secret never leaves.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  const preview = deps.preview;
  if (preview === undefined) return;
  const subdomain = () => {
    const zendesk = preview.config().connections.find((c) => c.kind === 'zendesk');
    return typeof zendesk?.subdomain === 'string' ? zendesk.subdomain : 'example';
  };

  app.get('/zendesk-app/preview', async (request, reply) => {
    if ((request.query as { ticket?: unknown }).ticket === undefined) {
      const sample = await preview.sampleTicket();
      if (sample === null)
        return reply.code(404).send({
          error: {
            code: 'tickets.none',
            message: 'no Zendesk ticket synced yet: wait for the first sync, then reload',
          },
        });
      return reply.redirect(`/zendesk-app/preview?ticket=${encodeURIComponent(sample)}`);
    }
    const { ticket } = PreviewQuery.parse(request.query);
    return reply.type('text/html; charset=utf-8').send(previewPage(ticket));
  });
  app.get('/zendesk-app/preview/fake-zaf.js', async (request, reply) => {
    const { ticket } = PreviewQuery.parse(request.query);
    return reply.type('text/javascript').send(fakeZafScript({ ticket, subdomain: subdomain() }));
  });
  app.get('/zendesk-app/preview/app/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const dir = await preview.appDir();
    const path = normalize(join(dir, rest));
    if (!path.startsWith(dir) || rest.includes('..'))
      return reply.code(404).send({ error: { code: 'not_found', message: 'no such asset' } });
    let body = await readFile(path).catch(() => null);
    if (body === null)
      return reply.code(404).send({ error: { code: 'not_found', message: `no asset ${rest}` } });
    // The real iframe loads Zendesk's SDK from its CDN; the preview swaps in the fake host client.
    if (rest === 'assets/iframe.html') body = Buffer.from(swapSdk(body.toString('utf8'), request.query));
    return reply.type(TYPES[extname(path)] ?? 'application/octet-stream').send(body);
  });
  app.post('/zendesk-app/preview/proxy', async (request, reply) => {
    const options = ProxyRequest.parse(request.body);
    const secret = preview.config().zendeskApp?.sharedSecret;
    const url = new URL(options.url, 'http://preview.invalid');
    if (secret === undefined || !url.pathname.startsWith('/api/sidebar/'))
      return reply.code(400).send({
        error: {
          code: 'bad_request',
          message: 'the preview proxies only /api/sidebar/* with zendeskApp configured',
        },
      });
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ ...options.jwt.claims, iat: now, exp: now + options.jwt.expiry }, secret);
    const headers = Object.fromEntries(
      Object.entries(options.headers).map(([k, v]) => [k, v.replaceAll('{{jwt.token}}', token)]),
    );
    const response = await app.inject({
      method: options.type,
      url: `${url.pathname}${url.search}`,
      headers: { ...headers, ...(options.data !== undefined && { 'content-type': 'application/json' }) },
      ...(options.data !== undefined && { payload: options.data }),
    });
    return reply.code(response.statusCode).type('application/json').send(response.body);
  });
}

function swapSdk(html: string, query: unknown): string {
  const { ticket } = PreviewQuery.parse(query);
  return html.replace(
    /<script src="https:\/\/static\.zdassets\.com[^"]*"><\/script>/,
    `<script src="/zendesk-app/preview/fake-zaf.js?ticket=${ticket}"></script>`,
  );
}
