import { createHmac, timingSafeEqual } from 'node:crypto';

/** https://developer.zendesk.com/documentation/webhooks/verifying/ */
export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** Zendesk documents no replay window; five minutes either way tolerates clock skew, not replays. */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export type WebhookRejection =
  | 'missing-secret'
  | 'missing-signature'
  | 'missing-timestamp'
  | 'bad-timestamp'
  | 'stale'
  | 'forged';

export type WebhookVerdict = { ok: true } | { ok: false; reason: WebhookRejection; message: string };

export interface WebhookInput {
  /** The webhook's signing secret, used as UTF-8 text (not base64-decoded). */
  secret: string | undefined;
  signature: string | undefined | null;
  /** ISO-8601 UTC, as sent in the timestamp header. */
  timestamp: string | undefined | null;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Buffer;
  now: Date;
  toleranceMs?: number;
}

const reject = (reason: WebhookRejection, message: string): WebhookVerdict => ({
  ok: false,
  reason,
  message,
});

/** `base64(HMAC-SHA256(secret, timestamp + rawBody))` — no separator between the two. */
export function zendeskWebhookSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

/**
 * Verifies a Zendesk webhook request. Pure: the caller passes the headers, the raw body and the
 * time; a rejection says why (the route answers 401 without echoing it to the caller).
 */
export function verifyZendeskWebhook(input: WebhookInput): WebhookVerdict {
  if (!input.secret)
    return reject('missing-secret', 'no webhookSecret is configured for this Zendesk connection');
  if (!input.signature)
    return reject('missing-signature', `the ${ZENDESK_SIGNATURE_HEADER} header is missing`);
  if (!input.timestamp)
    return reject('missing-timestamp', `the ${ZENDESK_TIMESTAMP_HEADER} header is missing`);
  const sentAt = Date.parse(input.timestamp);
  if (Number.isNaN(sentAt))
    return reject('bad-timestamp', `the timestamp ${JSON.stringify(input.timestamp)} is not a date`);
  const tolerance = input.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  if (Math.abs(input.now.getTime() - sentAt) > tolerance) {
    return reject(
      'stale',
      `the request was signed at ${input.timestamp}, more than ${tolerance / 1000} s from now`,
    );
  }
  const expected = Buffer.from(
    zendeskWebhookSignature(input.secret, input.timestamp, input.rawBody),
    'base64',
  );
  const given = Buffer.from(input.signature, 'base64');
  // timingSafeEqual needs equal lengths; the length check leaks only the (public) signature size.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return reject('forged', 'the signature does not match the body and the signing secret');
  }
  return { ok: true };
}
