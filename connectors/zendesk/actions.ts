import zendesk from 'node-zendesk';
import { CasebridgeError } from '../../shared/errors.js';
import { type Clock, parseRetryAfter, systemClock } from '../../shared/http/index.js';
import type { Logger } from '../../shared/log/logger.js';
import type { ConnectorActions } from '../../shared/sync/index.js';
import { apiBaseUrl, type ZendeskConnection } from './config.js';

/** The tag that marks a ticket escalated to level N in Zendesk (views and triggers can use it). */
export const escalationTag = (level: number) => `casebridge_escalated_l${level}`;

const MAX_ATTEMPTS = 3;

type TicketUpdate = Record<string, unknown>;

/** node-zendesk 6 is CommonJS: the default import works on Node 20, named imports do not (#425). */
function createClient(connection: ZendeskConnection) {
  const auth = connection.auth;
  return zendesk.createClient({
    endpointUri: `${apiBaseUrl(connection)}/api/v2`,
    ...('oauthToken' in auth
      ? { token: auth.oauthToken, oauth: true }
      : { username: auth.email, token: auth.apiToken }),
    // Otherwise node-zendesk rethrows a plain Error without the status code.
    throwOriginalException: true,
  });
}

interface ZendeskLibraryError {
  statusCode?: number;
  result?: unknown;
  message?: string;
  retryAfter?: string | null;
}

/** What node-zendesk resolves with; on a 429 `result` is an Error, not the ticket. */
interface Outcome {
  response?: { status?: number; headers?: { get?: (name: string) => string | null } };
  result?: unknown;
}

function explain(error: ZendeskLibraryError, ticketId: string, what: string): CasebridgeError {
  const status = error.statusCode;
  const detail = JSON.stringify(error.result ?? null).slice(0, 200);
  const base = `Zendesk refused to ${what} on ticket ${ticketId}`;
  if (status === 401)
    return new CasebridgeError('zendesk.unauthorized', `${base}: bad credentials (401)`, {
      hint: 'check auth in the Zendesk connection',
      cause: error,
    });
  if (status === 403)
    return new CasebridgeError('zendesk.forbidden', `${base}: the user may not edit this ticket (403)`, {
      hint: 'connect with an agent or admin who can edit it',
      cause: error,
    });
  if (status === 404)
    return new CasebridgeError('zendesk.not_found', `${base}: no such ticket (404)`, {
      hint: 'it may have been deleted or merged',
      cause: error,
    });
  if (status === 422)
    return new CasebridgeError('zendesk.invalid', `${base}: ${detail} (422)`, {
      hint: 'closed tickets cannot be changed in Zendesk',
      cause: error,
    });
  return new CasebridgeError(
    'zendesk.write_failed',
    `${base}: ${error.message ?? 'unknown error'} (${status ?? 'no status'})`,
    { cause: error },
  );
}

/**
 * Write-back through node-zendesk, which handles ordinary writes fine. Its one trap: a 429
 * *resolves* with an Error as the result; that is turned into a wait for Retry-After and a retry.
 * Statuses outside its table (502, 504) even resolve as successes; both are checked here.
 * A 5xx is retried only for idempotent updates (tags, priority): a note sent twice is posted twice.
 */
export function createZendeskActions(
  connection: ZendeskConnection,
  log: Logger,
  clock: Clock = systemClock,
): ConnectorActions {
  const client = createClient(connection);

  async function update(
    ticketId: string,
    ticket: TicketUpdate,
    what: string,
    idempotent: boolean,
  ): Promise<void> {
    const id = Number(ticketId);
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new CasebridgeError('zendesk.ticket_id', `"${ticketId}" is not a Zendesk ticket id`, {
        hint: 'pass the numeric id',
      });
    }
    for (let attempt = 1; ; attempt++) {
      let failure: ZendeskLibraryError | null = null;
      try {
        // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
        const outcome = (await client.tickets.update(id, { ticket } as never)) as unknown as Outcome;
        const status = outcome.response?.status ?? 200;
        if (outcome.result instanceof Error) {
          failure = outcome.result as ZendeskLibraryError;
          failure.retryAfter = outcome.response?.headers?.get?.('retry-after') ?? null;
        } else if (status >= 400) {
          // Statuses outside node-zendesk's own table (502, 504…) resolve as if they succeeded.
          failure = { statusCode: status, result: outcome.result, message: `HTTP ${status}` };
        }
      } catch (error) {
        failure = error as ZendeskLibraryError;
      }
      if (failure === null) return;
      const retryable = failure.statusCode === 429 || (idempotent && (failure.statusCode ?? 0) >= 500);
      if (!retryable || attempt >= MAX_ATTEMPTS) throw explain(failure, ticketId, what);
      const retryAfter =
        failure.statusCode === 429 ? parseRetryAfter(failure.retryAfter ?? null, clock.now()) : null;
      const wait = retryAfter ?? 1000 * attempt;
      log.warn({ ticket: ticketId, status: failure.statusCode, waitMs: wait }, `Zendesk ${what} retried`);
      await clock.sleep(wait);
    }
  }

  return {
    addInternalNote: (ticketId, body) =>
      update(ticketId, { comment: { body, public: false } }, 'add a note', false),
    addTags: (ticketId, tags) => update(ticketId, { additional_tags: [...tags] }, 'add tags', true),
    removeTags: (ticketId, tags) => update(ticketId, { remove_tags: [...tags] }, 'remove tags', true),
    setPriority: (ticketId, priority) => update(ticketId, { priority }, 'set the priority', true),
    // One update: the tag and the note land together or not at all.
    markEscalated: (ticketId, level, note) =>
      update(
        ticketId,
        { additional_tags: [escalationTag(level)], comment: { body: note, public: false } },
        'mark it escalated',
        false,
      ),
  };
}
