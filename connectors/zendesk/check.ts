import { z } from 'zod';
import { errorMessage } from '../../shared/errors.js';
import { isHttpError } from '../../shared/http/index.js';
import type { Logger } from '../../shared/log/logger.js';
import type { CheckResult } from '../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from './client.js';
import { apiBaseUrl, type ZendeskConnection } from './config.js';

const Me = z.looseObject({
  user: z.looseObject({
    id: z.number().nullable(),
    role: z.string(),
    email: z.string().nullable().optional(),
  }),
});

/** `casebridge doctor`: the credentials work and belong to an admin (the incremental exports need one). */
export async function checkConnection(
  connection: ZendeskConnection,
  log: Logger,
  deps: ZendeskDeps = {},
): Promise<CheckResult> {
  const { http } = createZendeskClient(connection, log, deps);
  try {
    // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
    const me = Me.parse(await http.getJson('/api/v2/users/me.json'));
    // Zendesk answers anonymous callers with a user whose id is null instead of a 401.
    if (me.user.id === null) {
      return {
        ok: false,
        message: `Zendesk at ${apiBaseUrl(connection)} did not accept the credentials`,
        hint: 'check auth.email and auth.apiToken',
      };
    }
    if (me.user.role !== 'admin') {
      return {
        ok: false,
        message: `${me.user.email ?? 'the connection user'} is a Zendesk ${me.user.role}, and incremental exports need an admin`,
        hint: 'connect with an admin user or an admin-scoped OAuth token',
      };
    }
    return {
      ok: true,
      message: `signed in to ${apiBaseUrl(connection)} as ${me.user.email ?? me.user.id} (admin)`,
    };
  } catch (error) {
    if (isHttpError(error) && error.hint !== null)
      return { ok: false, message: error.message, hint: error.hint };
    return { ok: false, message: errorMessage(error) };
  }
}
