import { z } from 'zod';
import type { HttpClient, RateBudget } from '../../../shared/http/index.js';
import type { Page } from '../../../shared/sync/index.js';
import { explainRejectedPosition, exportStartTime, parseEnvelope, type ZendeskContext } from './export.js';

/** `null` when Zendesk sent no cursor to resume from: the next run starts from `startFrom` again (idempotent). */
export const CursorCheckpoint = z.strictObject({ after_cursor: z.string().min(1).nullable() });
export type CursorCheckpoint = z.infer<typeof CursorCheckpoint>;

export type PageParts = Omit<Page<CursorCheckpoint>, 'checkpoint'>;

export interface CursorExport<
  Envelope extends { end_of_stream: boolean; after_cursor?: string | null | undefined },
> {
  stream: string;
  path: string;
  /** Sent with every request besides `start_time`/`cursor`. */
  query: Record<string, string | number>;
  envelope: z.ZodType<Envelope>;
  /** How many items a page held (to tell an empty poll). */
  count(envelope: Envelope): number;
  map(envelope: Envelope): PageParts;
}

/**
 * Follows a cursor-based incremental export from the stored `after_cursor` (or `start_time` on a
 * first run) until `end_of_stream`. A poll that finds nothing new and keeps the same cursor yields
 * no page, so a second sync right after a full one writes nothing.
 */
export async function* readCursorExport<
  Envelope extends { end_of_stream: boolean; after_cursor?: string | null | undefined },
>(
  context: ZendeskContext<CursorCheckpoint>,
  http: HttpClient,
  budgets: readonly RateBudget[],
  spec: CursorExport<Envelope>,
): AsyncGenerator<Page<CursorCheckpoint>> {
  let cursor = context.checkpoint?.after_cursor ?? null;
  const fetchPage = async (from: string | null): Promise<Envelope> => {
    const position =
      from === null ? { start_time: exportStartTime(context.startFrom, context.now()) } : { cursor: from };
    const body = await http
      .getJson(spec.path, { ...position, ...spec.query }, { budgets, signal: context.signal })
      .catch((error: unknown) => {
        throw from === null ? error : explainRejectedPosition(error, spec.stream, context.log);
      });
    return parseEnvelope(spec.envelope, body, spec.path);
  };
  let pending = fetchPage(cursor);
  for (;;) {
    const envelope = await pending;
    const next = envelope.after_cursor ?? null;
    const done = envelope.end_of_stream || next === null || next === cursor;
    if (!done) {
      // Still one request at a time, but it travels while the runner commits this page.
      pending = fetchPage(next);
      // If the runner stops on this page, the prefetch's failure must not surface as unhandled.
      pending.catch(() => undefined);
    }
    if (spec.count(envelope) > 0 || (next !== null && next !== cursor)) {
      yield { ...spec.map(envelope), checkpoint: { after_cursor: next ?? cursor } };
    }
    if (done) return;
    cursor = next;
  }
}
