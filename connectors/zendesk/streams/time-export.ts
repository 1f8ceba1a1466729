import { z } from 'zod';
import type { HttpClient, RateBudget } from '../../../shared/http/index.js';
import type { Page } from '../../../shared/sync/index.js';
import { explainRejectedPosition, exportStartTime, parseEnvelope, type ZendeskContext } from './export.js';

/**
 * Time-based exports restart at the last page's `end_time`, which repeats the items of that second.
 * `seen` holds their ids so they are not written twice (bounded: the items of one second).
 */
export const TimeCheckpoint = z.strictObject({
  start_time: z.number().int().min(0),
  seen: z.array(z.string()).max(10_000),
});
export type TimeCheckpoint = z.infer<typeof TimeCheckpoint>;

export type TimePageParts = Omit<Page<TimeCheckpoint>, 'checkpoint'>;

const TimeEnvelope = z.looseObject({
  end_time: z.number().int().min(0),
  next_page: z.string().nullable().optional(),
  end_of_stream: z.boolean().optional(),
});

const ItemList = z.array(z.unknown());

export interface TimeExport {
  stream: string;
  path: string;
  /** The response key holding the items, e.g. `organizations`. */
  key: string;
  query: Record<string, string | number>;
  /** The second an item counts at for `end_time` (null when the item is too broken to tell). */
  timeOf(item: unknown): number | null;
  map(items: readonly unknown[]): Promise<TimePageParts> | TimePageParts;
}

function idOf(item: unknown): string | null {
  const id = item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
}

export function secondsOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/**
 * Follows a time-based incremental export (`start_time` → `end_time` → `next_page`) until
 * `end_of_stream`, or until there is no `next_page` (the metric events export has no end flag).
 */
export async function* readTimeExport(
  context: ZendeskContext<TimeCheckpoint>,
  http: HttpClient,
  budgets: readonly RateBudget[],
  spec: TimeExport,
): AsyncGenerator<Page<TimeCheckpoint>> {
  const resumed = context.checkpoint !== null;
  let start = context.checkpoint?.start_time ?? exportStartTime(context.startFrom, context.now());
  let seen = new Set(context.checkpoint?.seen ?? []);
  for (;;) {
    const body = await http
      .getJson(spec.path, { start_time: start, ...spec.query }, { budgets, signal: context.signal })
      .catch((error: unknown) => {
        throw resumed ? explainRejectedPosition(error, spec.stream, context.log) : error;
      });
    const envelope = parseEnvelope(TimeEnvelope, body, spec.path);
    const items = parseEnvelope(
      ItemList,
      (body as Record<string, unknown>)[spec.key],
      `${spec.path} (${spec.key})`,
    );
    const fresh = items.filter((item) => !seen.has(idOf(item) ?? ''));
    const end = Math.max(start, envelope.end_time);
    const atEnd = items.filter((item) => spec.timeOf(item) === end).map((item) => idOf(item) ?? '');
    const nextSeen = new Set(end === start ? [...seen, ...atEnd] : atEnd);
    if (fresh.length > 0 || end !== start) {
      yield {
        ...(await spec.map(fresh)),
        checkpoint: { start_time: end, seen: [...nextSeen].filter((id) => id !== '') },
      };
    }
    // A page that moved neither time nor brought anything new would repeat forever.
    const stuck = end === start && fresh.length === 0;
    if (envelope.end_of_stream === true || !envelope.next_page || stuck) return;
    start = end;
    seen = nextSeen;
  }
}
