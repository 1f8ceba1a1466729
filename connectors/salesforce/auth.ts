import { createHash, createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import { CasebridgeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log/logger.js';
import type { ConnectorStateStore } from '../../shared/sync/contract.js';
import { DEFAULT_LOGIN_URL, type SalesforceConfig } from './config.js';
import { authError } from './errors.js';

/** Where the last access token is kept, so a restart reuses it instead of logging in again. */
export const SESSION_STATE_KEY = 'salesforce.session';

const StoredSession = z.object({
  accessToken: z.string().min(1),
  /** Which credentials obtained it: a token for other credentials is never reused. */
  authKey: z.string(),
  obtainedAt: z.string(),
});

const TokenResponse = z.looseObject({ access_token: z.string().min(1), instance_url: z.string().optional() });

type AuthConfig = Pick<SalesforceConfig, 'auth' | 'loginUrl'>;

/**
 * Obtains and renews access tokens for the three auth modes, and persists every new token through
 * the connector state store. jsforce's own refresh hook is not used: it retries a 401 after every
 * refresh without limit, while casebridge refreshes once per failed request (see client.ts).
 */
export class Authenticator {
  constructor(
    private readonly config: AuthConfig,
    private readonly state: ConnectorStateStore,
    private readonly log: Logger,
  ) {}

  /** The stored token when it belongs to these credentials, else a fresh one. */
  async initialToken(): Promise<string> {
    const { auth } = this.config;
    if ('accessToken' in auth) return auth.accessToken;
    const stored = StoredSession.safeParse(await this.state.get(SESSION_STATE_KEY));
    if (stored.success && stored.data.authKey === this.authKey()) {
      this.log.debug('reusing the stored Salesforce session');
      return stored.data.accessToken;
    }
    return this.renew();
  }

  /** Asks the token endpoint for a new access token and stores it. */
  async renew(): Promise<string> {
    const { auth } = this.config;
    if ('accessToken' in auth) {
      throw new CasebridgeError('salesforce.auth', 'the Salesforce access token expired or was revoked', {
        hint: 'use auth: {clientId, clientSecret, refreshToken} or a JWT bearer so casebridge can renew it',
      });
    }
    const loginUrl = this.config.loginUrl ?? DEFAULT_LOGIN_URL;
    const flow = 'refreshToken' in auth ? 'refresh-token' : 'jwt';
    let response: unknown;
    try {
      if ('refreshToken' in auth) {
        // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
        const oauth2 = new OAuth2({ loginUrl, clientId: auth.clientId, clientSecret: auth.clientSecret });
        response = await oauth2.refreshToken(auth.refreshToken);
      } else {
        // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
        const oauth2 = new OAuth2({ loginUrl });
        const assertion = signJwt(auth.clientId, auth.username, loginUrl, auth.privateKey);
        response = await oauth2.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        });
      }
    } catch (error) {
      throw authError(error, flow);
    }
    const token = TokenResponse.parse(response).access_token;
    await this.state.set(SESSION_STATE_KEY, {
      accessToken: token,
      authKey: this.authKey(),
      obtainedAt: new Date().toISOString(),
    } satisfies z.infer<typeof StoredSession>);
    this.log.info({ flow }, 'obtained a new Salesforce access token');
    return token;
  }

  private authKey(): string {
    const { auth } = this.config;
    const identity =
      'refreshToken' in auth
        ? `${auth.clientId}\u0000${auth.refreshToken}`
        : 'username' in auth
          ? `${auth.clientId}\u0000${auth.username}`
          : '';
    return createHash('sha256').update(identity).digest('hex').slice(0, 32);
  }
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** RS256 assertion: iss = client id, sub = username, aud = login URL, exp ≈ 3 minutes. */
export function signJwt(clientId: string, username: string, audience: string, privateKey: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const exp = Math.floor(Date.now() / 1000) + 180;
  const claims = base64url(JSON.stringify({ iss: clientId, sub: username, aud: audience, exp }));
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}
