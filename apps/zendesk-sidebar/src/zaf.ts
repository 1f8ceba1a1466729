import type {
  SidebarAction,
  SidebarHistoryPage,
  SidebarPayload,
  SidebarQaFlagged,
  SidebarQaFlagInput,
  SidebarSopDetail,
  SidebarSopUse,
} from './api-types.js';

/** The part of the ZAF v2 client the app uses (the SDK ships no types). */
export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST';
  contentType?: string;
  data?: string;
  secure: true;
  cors: false;
  headers: Record<string, string>;
  jwt: { algorithm: 'HS256'; secret_key: string; expiry: number; claims: Record<string, unknown> };
}
export interface ZafClient {
  context(): Promise<{ ticketId?: number | string; account?: { subdomain?: string } }>;
  metadata(): Promise<{ settings?: Record<string, unknown> }>;
  get(path: string | string[]): Promise<Record<string, unknown>>;
  on(event: string, handler: (data?: unknown) => void): void;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions): Promise<unknown>;
}

declare global {
  interface Window {
    ZAFClient?: { init(): ZafClient | false };
  }
}

/** A failure the error state can explain: what happened and what to do. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface SidebarApi {
  ticketId: string | null;
  baseUrl: string;
  load(): Promise<SidebarPayload>;
  act(action: SidebarAction, body?: Record<string, unknown>): Promise<SidebarPayload>;
  history(cursor: string): Promise<SidebarHistoryPage>;
  /** One SOP: sanitised HTML and its steps. */
  sop(id: string): Promise<SidebarSopDetail>;
  /** "Used this SOP" on this ticket (recorded once; a repeat says it already was). */
  sopUsed(id: string): Promise<SidebarSopUse>;
  /** "Flag for QA review" on this ticket, as the signed-in agent. */
  flagForQa(input: SidebarQaFlagInput): Promise<SidebarQaFlagged>;
}

interface CurrentUser {
  id?: number | string;
  email?: string;
  name?: string;
  role?: string;
}

function explain(error: unknown, baseUrl: string): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const failed = error as { status?: number; responseJSON?: { error?: { message?: string } } } | null;
  const status = failed?.status ?? 0;
  const message = failed?.responseJSON?.error?.message;
  if (status === 0 || status >= 502)
    return new ApiFailure(`casebridge is unreachable at ${baseUrl} — check the app setting`, status);
  if (status === 401)
    return new ApiFailure(
      `casebridge refused the request (${message ?? 'bad signature'}) — check that the app's sharedSecret matches zendeskApp.sharedSecret`,
      status,
    );
  return new ApiFailure(message ?? `casebridge answered ${status}`, status);
}

function withTimeout<T>(work: Promise<T>, ms: number, baseUrl: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new ApiFailure(
            `casebridge is unreachable at ${baseUrl} — check the app setting (no answer in ${ms / 1000} s)`,
            0,
          ),
        ),
      ms,
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Reads the ticket, setting and agent from Zendesk, then signs every call through its proxy. */
export async function connect(client: ZafClient, timeoutMs = 8000): Promise<SidebarApi> {
  const [context, metadata, me] = await Promise.all([
    client.context(),
    client.metadata(),
    client.get('currentUser'),
  ]);
  const baseUrl = String(metadata.settings?.casebridgeUrl ?? '').replace(/\/+$/, '');
  const user = (me.currentUser ?? {}) as CurrentUser;
  const ticketId = context.ticketId === undefined ? null : String(context.ticketId);
  const claims = {
    iss: `${context.account?.subdomain ?? 'unknown'}.zendesk.com`,
    aud: 'casebridge',
    sub: String(user.id ?? 'unknown'),
    ...(user.email !== undefined && { email: user.email }),
    ...(user.name !== undefined && { name: user.name }),
    ...(user.role !== undefined && { role: String(user.role) }),
  };
  const call = async <T>(type: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<T> => {
    if (baseUrl === '')
      throw new ApiFailure('the casebridgeUrl app setting is empty — set it to your casebridge server', 0);
    const request = client.request({
      url: `${baseUrl}${path}`,
      type,
      contentType: 'application/json',
      ...(body !== undefined && { data: JSON.stringify(body) }),
      secure: true,
      cors: false,
      // Zendesk's proxy fills in the signed token and the secure setting; the browser never sees either.
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: { algorithm: 'HS256', secret_key: '{{setting.sharedSecret}}', expiry: 300, claims },
    });
    try {
      return (await withTimeout(request, timeoutMs, baseUrl)) as T;
    } catch (error) {
      throw explain(error, baseUrl);
    }
  };
  const path = `/api/sidebar/tickets/${encodeURIComponent(ticketId ?? '')}`;
  return {
    ticketId,
    baseUrl,
    load: () => call<SidebarPayload>('GET', path),
    act: (action, body = {}) => call<SidebarPayload>('POST', `${path}/${action}`, body),
    history: (cursor) => call('GET', `${path}/history?limit=25&cursor=${encodeURIComponent(cursor)}`),
    sop: (id) => call('GET', `/api/sidebar/sops/${encodeURIComponent(id)}`),
    sopUsed: (id) =>
      call('POST', `/api/sidebar/sops/${encodeURIComponent(id)}/used`, { ticketId: ticketId ?? '' }),
    flagForQa: (input) => call('POST', '/api/sidebar/qa/flags', { ticketId: ticketId ?? '', ...input }),
  };
}
