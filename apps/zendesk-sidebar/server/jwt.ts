import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * HS256 JWTs as Zendesk's proxy signs them for `client.request({ secure: true, jwt })`: the app's
 * secure `sharedSecret` setting is the key. Hand-written (sixty lines) rather than a dependency;
 * everything that is not exactly HS256, unexpired and for the configured issuer/audience fails.
 */
export interface JwtExpectations {
  secret: string;
  /** Exact `iss` required; when undefined, `iss` must still be a `<subdomain>.zendesk.com`. */
  issuer?: string | undefined;
  audience: string;
  clockToleranceSeconds: number;
  /** A token living longer than this (exp - iat) is refused: a leaked one must not last. */
  maxLifetimeSeconds: number;
  now: () => number;
}

/** Claims the app sends (see `src/zaf.ts`); Zendesk adds `iat`/`exp` from `expiry`. */
export const SidebarClaims = z.object({
  iss: z.string().regex(/^[a-z0-9][a-z0-9-]*\.zendesk\.com$/i, 'iss must be <subdomain>.zendesk.com'),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int().optional(),
  nbf: z.number().int().optional(),
  sub: z.union([z.string(), z.number()]).transform(String),
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
  role: z.string().max(100).optional(),
});
export type SidebarClaims = z.output<typeof SidebarClaims>;

export class JwtError extends Error {}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

function signature(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  return `${head}.${body}.${b64url(signature(secret, `${head}.${body}`))}`;
}

function decodePart(part: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError(`the token's ${what} is not base64url JSON`);
  }
}

function checkSignature(token: string, secret: string): [string, string] {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not a JWT (expected three dot-separated parts)');
  const [head = '', body = '', sig = ''] = parts;
  const header = z.object({ alg: z.string() }).safeParse(decodePart(head, 'header'));
  // Only HS256: `none` and RS/ES algorithms (key-confusion attacks) are refused outright.
  if (!header.success || header.data.alg !== 'HS256')
    throw new JwtError('the token is not signed with HS256');
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(secret, `${head}.${body}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new JwtError('the token signature does not match the shared secret');
  return [head, body];
}

function checkTimes(claims: SidebarClaims, expect: JwtExpectations): void {
  const now = Math.floor(expect.now() / 1000);
  const slack = expect.clockToleranceSeconds;
  if (claims.exp + slack < now) throw new JwtError('the token has expired');
  if (claims.nbf !== undefined && claims.nbf - slack > now) throw new JwtError('the token is not valid yet');
  if (claims.iat !== undefined && claims.iat - slack > now)
    throw new JwtError('the token was issued in the future');
  const issued = claims.iat ?? now;
  if (claims.exp - issued > expect.maxLifetimeSeconds) throw new JwtError('the token lives too long');
}

/** The verified claims, or a JwtError saying what was wrong (never which part of the secret). */
export function verifyJwt(token: string, expect: JwtExpectations): SidebarClaims {
  const [, body] = checkSignature(token, expect.secret);
  const parsed = SidebarClaims.safeParse(decodePart(body, 'payload'));
  if (!parsed.success)
    throw new JwtError(
      `the token's claims are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const claims = parsed.data;
  checkTimes(claims, expect);
  if (expect.issuer !== undefined && claims.iss !== expect.issuer)
    throw new JwtError(`the token's issuer is not ${expect.issuer}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.audience))
    throw new JwtError(`the token's audience is not ${expect.audience}`);
  return claims;
}

/** `acme.zendesk.com` -> `acme`. */
export function subdomainOf(claims: SidebarClaims): string {
  return claims.iss.toLowerCase().replace(/\.zendesk\.com$/, '');
}
