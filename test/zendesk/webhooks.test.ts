import { describe, expect, it } from 'vitest';
import { verifyZendeskWebhook, zendeskWebhookSignature } from '../../connectors/zendesk/webhooks.js';

/** The documented test vector (https://developer.zendesk.com/documentation/webhooks/verifying/). */
const VECTOR = {
  secret: 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==',
  timestamp: '2021-07-25T10:00:00Z',
  rawBody: '{"say": "hello"}',
  signature: 'gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0=',
};
const now = new Date('2021-07-25T10:01:00Z');

describe('verifyZendeskWebhook', () => {
  it('accepts the documented test vector', () => {
    expect(zendeskWebhookSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.rawBody)).toBe(VECTOR.signature);
    expect(verifyZendeskWebhook({ ...VECTOR, now })).toEqual({ ok: true });
    expect(verifyZendeskWebhook({ ...VECTOR, rawBody: Buffer.from(VECTOR.rawBody), now })).toEqual({
      ok: true,
    });
  });

  it('rejects a forged signature, a changed body and a wrong secret', () => {
    const forged = Buffer.from('x'.repeat(32)).toString('base64');
    expect(verifyZendeskWebhook({ ...VECTOR, signature: forged, now })).toMatchObject({
      ok: false,
      reason: 'forged',
    });
    expect(verifyZendeskWebhook({ ...VECTOR, rawBody: '{"say":"hello"}', now })).toMatchObject({
      reason: 'forged',
    });
    expect(verifyZendeskWebhook({ ...VECTOR, secret: 'other', now })).toMatchObject({ reason: 'forged' });
    expect(verifyZendeskWebhook({ ...VECTOR, signature: 'short', now })).toMatchObject({ reason: 'forged' });
  });

  it('rejects stale and far-future timestamps (> 5 minutes)', () => {
    const late = new Date('2021-07-25T10:05:01Z');
    expect(verifyZendeskWebhook({ ...VECTOR, now: late })).toMatchObject({ ok: false, reason: 'stale' });
    const early = new Date('2021-07-25T09:54:59Z');
    expect(verifyZendeskWebhook({ ...VECTOR, now: early })).toMatchObject({ reason: 'stale' });
    expect(verifyZendeskWebhook({ ...VECTOR, now: new Date('2021-07-25T10:04:59Z') })).toEqual({ ok: true });
  });

  it('says what is missing', () => {
    expect(verifyZendeskWebhook({ ...VECTOR, signature: undefined, now })).toMatchObject({
      reason: 'missing-signature',
    });
    expect(verifyZendeskWebhook({ ...VECTOR, timestamp: null, now })).toMatchObject({
      reason: 'missing-timestamp',
    });
    expect(verifyZendeskWebhook({ ...VECTOR, timestamp: 'yesterday', now })).toMatchObject({
      reason: 'bad-timestamp',
    });
    expect(verifyZendeskWebhook({ ...VECTOR, secret: undefined, now })).toMatchObject({
      reason: 'missing-secret',
    });
  });
});
