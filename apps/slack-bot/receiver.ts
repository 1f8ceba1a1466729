import { type App, type Receiver, ReceiverMultipleAckError } from '@slack/bolt';
import type { Logger } from '../../shared/log/logger.js';
import { type Incoming, parseIncoming } from './payloads.js';
import { createReplayGuard, verifySlackSignature } from './verify.js';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface SlackHttpRequest {
  rawBody: string;
  contentType: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`: Slack re-sending an event it thinks was lost. */
  retryNum?: string | undefined;
  retryReason?: string | undefined;
  nowMs?: number;
}

export type SlackHttpHandler = (request: SlackHttpRequest) => Promise<HttpAnswer>;

/** Bolt's HTTPReceiver waits 3001 ms for an ack, then answers 404; so do we (with a JSON body). */
const ACK_TIMEOUT_MS = 3001;

const refuse = (status: number, code: string, message: string): HttpAnswer => ({
  status,
  body: { error: { code, message } },
});

/**
 * A Bolt receiver fed by casebridge's own server (`POST /slack/events`, Fastify) rather than
 * Bolt's HTTPReceiver, which would need a port or an Express app of its own. It keeps the checks
 * Bolt's does and adds two: a timestamp too far in the *future* is refused too, and a signed
 * request seen twice is a replay. Nothing reaches Bolt before the request is verified;
 * `ssl_check` is the one request Slack sends unsigned.
 *
 * `processBeforeResponse: false` semantics: the HTTP answer goes out as soon as a listener calls
 * `ack()` (with its body, e.g. a modal's `response_action: errors`); the listener goes on and
 * answers later through `respond()`.
 */
export class CasebridgeReceiver implements Receiver {
  private app: App | undefined;
  private readonly replays = createReplayGuard();

  constructor(
    private readonly signingSecret: () => string,
    private readonly log: Logger,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  /** The HTTP server is casebridge's (started by `casebridge start`): nothing to listen on here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly handle: SlackHttpHandler = async (request) => {
    const nowMs = request.nowMs ?? Date.now();
    if (new URLSearchParams(request.rawBody).get('ssl_check') === '1') return { status: 200, body: '' };
    const verdict = verifySlackSignature({ ...request, signingSecret: this.signingSecret(), nowMs });
    if (!verdict.ok) {
      this.log.warn({ reason: verdict.reason }, 'refused a Slack request');
      return refuse(401, 'slack_signature', `request not verified: ${verdict.reason}`);
    }
    if (!this.replays.firstSeen(request.signature ?? '', nowMs)) {
      this.log.warn('refused a replayed Slack request');
      return refuse(401, 'slack_replay', 'request not verified: this signed request was already received');
    }
    let incoming: Incoming;
    try {
      incoming = parseIncoming(request.rawBody, request.contentType);
    } catch (error) {
      this.log.warn({ err: error }, 'a verified Slack request had an unexpected shape');
      return refuse(400, 'slack_payload', 'the Slack payload did not have the expected shape');
    }
    if (incoming.kind === 'url_verification') return { status: 200, body: { challenge: incoming.challenge } };
    return this.dispatch(incoming.body, request);
  };

  private dispatch(body: Record<string, unknown>, request: SlackHttpRequest): Promise<HttpAnswer> {
    const app = this.app;
    if (app === undefined) throw new Error('the Slack receiver was not initialised by a Bolt App');
    const retryNum = Number(request.retryNum);
    return new Promise<HttpAnswer>((answer) => {
      let answered = false;
      const once = (result: HttpAnswer) => {
        if (answered) return false;
        answered = true;
        clearTimeout(timer);
        answer(result);
        return true;
      };
      const timer = setTimeout(() => {
        if (once(refuse(404, 'slack_not_acknowledged', 'no listener acknowledged the request in time')))
          this.log.error({ type: body.type }, 'a Slack listener did not acknowledge within 3 seconds');
      }, ACK_TIMEOUT_MS);
      let acked = false;
      const ack = async (response?: unknown): Promise<void> => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        if (!once({ status: 200, body: response ?? '' })) {
          this.log.warn({ type: body.type }, 'a Slack listener acknowledged after the 3-second timeout');
          return;
        }
        // Let the HTTP answer go out before the listener's heavier work: SQLite queries are
        // synchronous and would otherwise hold the ack back.
        await new Promise((resolve) => setImmediate(resolve));
      };
      app
        .processEvent({
          body,
          ack,
          ...(Number.isInteger(retryNum) && { retryNum }),
          ...(request.retryReason !== undefined && { retryReason: request.retryReason }),
        })
        .then(
          // Bolt has run every listener: nothing will ack now. No listener matched (Bolt's
          // HTTPReceiver would answer 404 after 3 s; there is no reason to keep Slack waiting).
          () => {
            if (once(refuse(404, 'slack_not_acknowledged', 'no listener handles this request')))
              this.log.warn({ type: body.type }, 'no Slack listener acknowledged the request');
          },
          // A listener failed before acking: app.error has logged it and told the user through
          // response_url, so Slack gets a plain 200 rather than showing an error of its own.
          () => void once({ status: 200, body: '' }),
        );
    });
  }
}
