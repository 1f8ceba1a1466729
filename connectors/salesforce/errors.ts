import { CasebridgeError } from '../../shared/errors.js';

/** Error codes and what an admin does about them. https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm */
const HINTS: Record<string, string> = {
  REQUEST_LIMIT_EXCEEDED:
    "the org has used its API requests for the rolling 24 hours; the sync resumes from its checkpoint on a later run (or raise the org's API limit in Setup)",
  INVALID_SESSION_ID:
    'the session expired and could not be renewed; re-authorize the connected app and update the connection auth',
  INSUFFICIENT_ACCESS_OR_READONLY:
    "give the integration user's profile or permission set access to this object and field",
  INSUFFICIENT_ACCESS: "give the integration user's profile or permission set access to this object",
  INVALID_FIELD:
    "grant field-level security on this field to the integration user's profile, or check the object is enabled in the org",
  INVALID_TYPE: 'this object is not enabled in the org or not visible to the integration user',
  NOT_FOUND: 'the record does not exist (or was deleted) in Salesforce',
  ENTITY_IS_DELETED: 'the record was deleted in Salesforce; it is removed at the next sync',
  API_DISABLED_FOR_ORG:
    'enable "API Enabled" on the integration user profile (needs Enterprise edition or above)',
  API_CURRENTLY_DISABLED: 'enable "API Enabled" on the integration user profile',
  QUERY_TIMEOUT: 'the query took too long; lower lookbackMinutes or sync a shorter window (startFrom)',
  MALFORMED_QUERY: 'this is a casebridge bug: please report the query in the log',
  FIELD_CUSTOM_VALIDATION_EXCEPTION:
    "a validation rule in the org refused the change; read the rule's message",
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:
    'the value is not in the picklist; fix priorityMap or the picklist',
  UNABLE_TO_LOCK_ROW: 'another process is updating the record; retry in a moment',
  SERVER_UNAVAILABLE: 'Salesforce is temporarily unavailable; the sync retries on its next run',
  NETWORK_ERROR: 'check instanceUrl and the network path to Salesforce; the sync retries on its next run',
};

/** A REST call that failed, with Salesforce's own errorCode and the HTTP status. */
export class SalesforceApiError extends CasebridgeError {
  readonly errorCode: string;
  readonly status: number | null;

  constructor(errorCode: string, message: string, status: number | null, cause?: unknown) {
    const hint =
      HINTS[errorCode] ?? (status !== null && status >= 500 ? HINTS.SERVER_UNAVAILABLE : undefined);
    const text = `Salesforce ${errorCode}${status === null ? '' : ` (HTTP ${status})`}: ${message}`;
    super(`salesforce.${errorCode.toLowerCase()}`, text, {
      ...(hint === undefined ? {} : { hint }),
      cause,
    });
    this.name = 'SalesforceApiError';
    this.errorCode = errorCode;
    this.status = status;
  }
}

interface JsforceErrorShape {
  name?: unknown;
  message?: unknown;
  errorCode?: unknown;
  data?: unknown;
}

/** jsforce's HttpApiError (`errorCode`, `data` = the `[{message, errorCode}]` body) → an admin-facing error. */
export function fromJsforceError(error: unknown, status: number | null): SalesforceApiError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as JsforceErrorShape;
  const code =
    typeof shape.errorCode === 'string'
      ? shape.errorCode
      : status === null
        ? 'NETWORK_ERROR'
        : `ERROR_HTTP_${status}`;
  if (code === 'MULTIPLE_API_ERRORS' && Array.isArray(shape.data)) {
    const parts = shape.data.map(
      (d: { errorCode?: unknown; message?: unknown }) => `${d.errorCode}: ${d.message}`,
    );
    const first = shape.data[0] as { errorCode?: unknown } | undefined;
    const firstCode = typeof first?.errorCode === 'string' ? first.errorCode : code;
    return new SalesforceApiError(firstCode, parts.join('; '), status, error);
  }
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const embedded = code.startsWith('ERROR_HTTP_') ? parseErrorBody(message) : null;
  if (embedded !== null) return new SalesforceApiError(embedded.errorCode, embedded.message, status, error);
  return new SalesforceApiError(code, message.slice(0, 500), status, error);
}

/** A `[{message, errorCode}]` body jsforce left unparsed (text responses). */
function parseErrorBody(text: string): { errorCode: string; message: string } | null {
  if (!text.trimStart().startsWith('[')) return null;
  try {
    const first = (JSON.parse(text) as { errorCode?: unknown; message?: unknown }[])[0];
    if (typeof first?.errorCode === 'string' && typeof first.message === 'string') {
      return { errorCode: first.errorCode, message: first.message };
    }
    return null;
  } catch {
    return null; // not JSON after all: the caller keeps the text as the message
  }
}

/** OAuth token endpoint errors (`{error, error_description}`, surfaced by jsforce as name/message). */
export function authError(error: unknown, flow: string): CasebridgeError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as JsforceErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'error';
  const description = typeof shape.message === 'string' ? shape.message : String(error);
  const hint =
    name === 'invalid_grant'
      ? flow === 'jwt'
        ? 'check auth.username, that the user is pre-authorized for the connected app, and that the certificate matches auth.privateKey'
        : 'the refresh token was revoked or expired: re-authorize the connected app and update auth.refreshToken'
      : name === 'invalid_client_id' || name === 'invalid_client'
        ? 'check auth.clientId and auth.clientSecret against the connected app'
        : 'check the connection auth settings and loginUrl';
  return new CasebridgeError(
    'salesforce.auth',
    `Salesforce refused the ${flow} login (${name}: ${description})`,
    {
      hint,
      cause: error,
    },
  );
}
