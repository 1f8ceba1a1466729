import type { Logger } from '../../shared/log/logger.js';
import type { AckBody, SlackApp } from './runtime/app.js';
import { type Incoming, parseIncoming } from './runtime/payloads.js';
import { createReplayGuard, verifySlackSignature } from './runtime/verify.js';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface SlackHttpRequest {
  rawBody: string;
  contentType: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs?: number;
}

/** Bolt's HTTPReceiver waits 3001 ms for an ack, then answers 404; so do we (with a JSON body). */
const ACK_TIMEOUT_MS = 3001;

const refuse = (status: number, code: string, message: string): HttpAnswer => ({
  status,
  body: { error: { code, message } },
});

/**
 * The Events/Interactivity endpoint without the web framework: verify (signature, 5-minute window,
 * replay), classify, dispatch, and answer with whatever the listener acked. Nothing runs before
 * the request is verified; `ssl_check` is the one request Slack sends unsigned.
 */
export function createSlackHttpHandler(app: SlackApp, signingSecret: () => string, log: Logger) {
  const replays = createReplayGuard();
  return async function handle(request: SlackHttpRequest): Promise<HttpAnswer> {
    const nowMs = request.nowMs ?? Date.now();
    if (new URLSearchParams(request.rawBody).get('ssl_check') === '1') return { status: 200, body: '' };
    const verdict = verifySlackSignature({ ...request, signingSecret: signingSecret(), nowMs });
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'refused a Slack request');
      return refuse(401, 'slack_signature', `request not verified: ${verdict.reason}`);
    }
    if (!replays.firstSeen(request.signature ?? '', nowMs)) {
      log.warn('refused a replayed Slack request');
      return refuse(401, 'slack_replay', 'request not verified: this signed request was already received');
    }
    let incoming: Incoming;
    try {
      incoming = parseIncoming(request.rawBody, request.contentType);
    } catch (error) {
      log.warn({ err: error }, 'a verified Slack request had an unexpected shape');
      return refuse(400, 'slack_payload', 'the Slack payload did not have the expected shape');
    }
    if (incoming.kind === 'url_verification') return { status: 200, body: { challenge: incoming.challenge } };
    return dispatch(app, incoming, log);
  };
}

async function dispatch(app: SlackApp, incoming: Incoming, log: Logger): Promise<HttpAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const acked = new Promise<AckBody | 'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ACK_TIMEOUT_MS);
    // The listener goes on after the ack (respond(), posts); its failures are logged by the app.
    void app.processEvent(incoming, resolve);
  });
  const result = await acked;
  clearTimeout(timer);
  if (result === 'timeout') {
    log.error({ kind: incoming.kind }, 'a Slack listener did not acknowledge within 3 seconds');
    return refuse(404, 'slack_not_acknowledged', 'no listener acknowledged the request in time');
  }
  return { status: 200, body: result ?? '' };
}
export type SlackHttpHandler = ReturnType<typeof createSlackHttpHandler>;
