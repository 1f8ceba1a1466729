import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's window (Bolt's verify-request): requests signed more than 5 minutes ago are refused. */
export const MAX_AGE_SECONDS = 300;

export type Verdict = { ok: true } | { ok: false; reason: string };

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` — api.slack.com/authentication/verifying-requests-from-slack */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedRequest {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowMs: number;
}

/** Pure: the signature and the timestamp window; replays are the caller's (it keeps state). */
export function verifySlackSignature(request: SignedRequest): Verdict {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined)
    return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp' };
  const ageSeconds = Math.abs(request.nowMs / 1000 - Number(timestamp));
  // Both directions: a timestamp far in the future is as unverifiable as a stale one.
  if (ageSeconds > MAX_AGE_SECONDS)
    return { ok: false, reason: 'request timestamp outside the 5-minute window' };
  const expected = Buffer.from(slackSignature(request.signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/**
 * Remembers verified signatures for the window: the same signed request seen twice is a replay.
 * (Slack's own retries are re-signed with a new timestamp, so they pass.)
 */
export function createReplayGuard(windowMs = MAX_AGE_SECONDS * 1000 * 2) {
  const seen = new Map<string, number>();
  let lastPurge = 0;
  return {
    /** True the first time a signature is seen within the window. */
    firstSeen(signature: string, nowMs: number): boolean {
      if (nowMs - lastPurge > 10_000) {
        for (const [key, expires] of seen) if (expires <= nowMs) seen.delete(key);
        lastPurge = nowMs;
      }
      const expires = seen.get(signature);
      if (expires !== undefined && expires > nowMs) return false;
      seen.set(signature, nowMs + windowMs);
      return true;
    },
  };
}
export type ReplayGuard = ReturnType<typeof createReplayGuard>;
