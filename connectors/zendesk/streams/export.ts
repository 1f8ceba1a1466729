import { z } from 'zod';
import { CasebridgeError } from '../../../shared/errors.js';
import { isHttpError } from '../../../shared/http/index.js';
import type { Logger } from '../../../shared/log/logger.js';
import type { StreamContext } from '../../../shared/sync/index.js';
import type { ZendeskConnection } from '../config.js';

export type ZendeskContext<Checkpoint> = StreamContext<ZendeskConnection, Checkpoint>;

/** Zendesk refuses a `start_time` from the last minute: exports lag one minute behind now. */
const EXPORT_LAG_MS = 61_000;

/** Unix seconds to start an export from: the job's `startFrom` (or the beginning), never inside the lag. */
export function exportStartTime(startFrom: Date | null, now: Date): number {
  const from = startFrom === null ? 0 : startFrom.getTime();
  return Math.max(0, Math.floor(Math.min(from, now.getTime() - EXPORT_LAG_MS) / 1000));
}

/**
 * The job this stream runs for, to name it in a hint. The stream context does not carry the job
 * id, but the runner binds it to the stream's logger.
 */
export function jobIdOf(log: Logger): string {
  const job = (log.bindings() as { job?: unknown }).job;
  return typeof job === 'string' ? job : '<job>';
}

/**
 * A 400/422 in answer to a stored cursor or start time means Zendesk no longer accepts it (expired,
 * corrupted, from another account). Retrying cannot help: the admin resets the stream.
 */
export function explainRejectedPosition(error: unknown, stream: string, log: Logger): unknown {
  if (!isHttpError(error) || (error.status !== 400 && error.status !== 422)) return error;
  return new CasebridgeError(
    'zendesk.cursor_rejected',
    `Zendesk rejected the stored position of the ${stream} stream (${error.status}: ${error.body ?? 'no detail'})`,
    {
      hint: `reset it and sync again: casebridge jobs reset ${jobIdOf(log)} --stream ${stream}`,
      cause: error,
    },
  );
}

/** Checks a response's envelope; the items inside are validated one by one by the stream. */
export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, endpoint: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new CasebridgeError(
    'zendesk.bad_response',
    `Zendesk answered ${endpoint} with an unexpected shape: ${z.prettifyError(parsed.error).slice(0, 300)}`,
    { hint: 'check that baseUrl points at Zendesk (or the sandbox); report it if it does' },
  );
}
