import diagnostics from 'node:diagnostics_channel';
import { Counter, type Registry } from 'prom-client';
import { currentSyncContext, type SyncContext } from '../shared/sync/index.js';

interface RequestMessage {
  request: object;
}
interface ResponseMessage {
  request: object;
  response: { statusCode?: number };
}

/**
 * Counts CRM API requests per job and stream, and the 429s among them, from Node's own HTTP
 * diagnostics channels (undici for fetch — the Zendesk client — and `http.client` for jsforce).
 * The sync context is read when a request is created, in its caller's async context: a response
 * arrives in the context of whoever opened the pooled socket, which may be another stream.
 * Requests outside a sync (the server's own) are not counted. Returns the unsubscribe function.
 */
export function registerRequestMetrics(registry: Registry): () => void {
  const requests = new Counter({
    name: 'casebridge_crm_requests_total',
    help: 'CRM API requests made by sync, by job, stream and HTTP status class',
    labelNames: ['job', 'stream', 'status'],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'casebridge_crm_rate_limited_total',
    help: 'CRM answers of 429 Too Many Requests during sync, by job and stream',
    labelNames: ['job', 'stream'],
    registers: [registry],
  });
  const origins = new WeakMap<object, SyncContext>();
  const remember = (message: unknown) => {
    const context = currentSyncContext();
    if (context !== undefined) origins.set((message as RequestMessage).request, context);
  };
  const count = (message: unknown) => {
    const { request, response } = message as ResponseMessage;
    const context = origins.get(request);
    if (context === undefined || response.statusCode === undefined) return;
    const labels = { job: context.jobId, stream: context.stream };
    requests.inc({ ...labels, status: `${Math.floor(response.statusCode / 100)}xx` });
    if (response.statusCode === 429) rateLimited.inc(labels);
  };
  const subscriptions = [
    ['undici:request:create', remember],
    ['undici:request:headers', count],
    ['http.client.request.start', remember],
    ['http.client.response.finish', count],
  ] as const;
  for (const [name, handler] of subscriptions) diagnostics.channel(name).subscribe(handler);
  return () => {
    for (const [name, handler] of subscriptions) diagnostics.channel(name).unsubscribe(handler);
  };
}
