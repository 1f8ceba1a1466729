import type { SandboxData, TicketChange } from './data.js';
import { IDS, rawUser } from './people.js';
import { showTicket } from './show-ticket.js';

export interface SandboxRequest {
  method: string;
  /** Path without `.json` and without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Origin the client used, for `after_url` / `next_page` links. */
  origin: string;
}

export interface SandboxResponse {
  status: number;
  body: unknown;
}

export const EXPORT_PATHS = new Set([
  '/api/v2/incremental/tickets/cursor',
  '/api/v2/incremental/users/cursor',
  '/api/v2/incremental/organizations',
  '/api/v2/incremental/ticket_events',
  '/api/v2/incremental/ticket_metric_events',
  '/api/v2/help_center/incremental/articles',
]);

const invalid = (description: string): SandboxResponse => ({
  status: 400,
  body: { error: 'InvalidPaginationParameter', description },
});

const encodeCursor = (position: number) => Buffer.from(`zsb1:${position}`).toString('base64url');

function decodeCursor(cursor: string): number | null {
  const match = /^zsb1:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match === null ? null : Number(match[1]);
}

/** `start_time` or `cursor`, as the cursor exports accept them; an error response otherwise. */
function startPosition(req: SandboxRequest, first: (startTime: number) => number): number | SandboxResponse {
  const cursor = req.query.get('cursor');
  if (cursor !== null) return decodeCursor(cursor) ?? invalid('Invalid cursor');
  return startTimeOf(req, first);
}

function startTimeOf<T>(req: SandboxRequest, then: (startTime: number) => T): T | SandboxResponse {
  const raw = req.query.get('start_time');
  if (raw === null || !/^\d+$/.test(raw)) return invalid('start_time or cursor is required (Unix seconds)');
  const startTime = Number(raw);
  if (startTime > Date.now() / 1000 - 60) {
    return {
      status: 400,
      body: { error: 'InvalidValue', description: 'start_time must be at least one minute in the past' },
    };
  }
  return then(startTime);
}

function perPage(req: SandboxRequest, max: number): number {
  const raw = Number(req.query.get('per_page') ?? max);
  return Number.isInteger(raw) && raw > 0 ? Math.min(raw, max) : max;
}

function cursorPage(
  req: SandboxRequest,
  key: string,
  total: number,
  start: number,
  at: (position: number) => Record<string, unknown> | null,
  extra?: (items: Record<string, unknown>[]) => Record<string, unknown>,
): SandboxResponse {
  const limit = perPage(req, 1000);
  const items: Record<string, unknown>[] = [];
  let position = start;
  for (; position < total && items.length < limit; position++) {
    const item = at(position);
    if (item !== null) items.push(item);
  }
  const after = encodeCursor(position);
  // Like Zendesk's, the links keep the page size and sideloads of the request.
  const include = req.query.get('include');
  const base = `${req.origin}${req.path}.json?per_page=${limit}${include === null ? '' : `&include=${include}`}`;
  return {
    status: 200,
    body: {
      [key]: items,
      ...extra?.(items),
      after_url: `${base}&cursor=${after}`,
      after_cursor: after,
      before_url: start === 0 ? null : `${base}&cursor=${encodeCursor(start)}`,
      before_cursor: start === 0 ? null : encodeCursor(start),
      end_of_stream: position >= total,
    },
  };
}

function tickets(data: SandboxData, req: SandboxRequest): SandboxResponse {
  const start = startPosition(req, (t) => data.firstTicketPosition(t));
  if (typeof start !== 'number') return start;
  const withMetrics = (req.query.get('include') ?? '').split(',').includes('metric_sets');
  const metricSets: Record<string, unknown>[] = [];
  return cursorPage(
    req,
    'tickets',
    data.ticketPositions(),
    start,
    (position) => {
      const found = data.ticketAt(position);
      if (found !== null && withMetrics) metricSets.push(found.metricSet);
      return found?.ticket ?? null;
    },
    () => (withMetrics ? { metric_sets: metricSets } : {}),
  );
}

function timeExport(
  req: SandboxRequest,
  key: string,
  page: (start: number, limit: number) => ReturnType<SandboxData['organizations']>,
  openEnded: boolean,
): SandboxResponse {
  return startTimeOf(req, (startTime) => {
    const result = page(startTime, 1000);
    const next = `${req.origin}${req.path}.json?start_time=${result.endTime}`;
    return {
      status: 200,
      body: {
        [key]: result.items,
        count: result.items.length,
        end_time: result.endTime,
        // The metric events export has no end_of_stream: its last page has no next_page instead.
        next_page: openEnded || !result.endOfStream ? next : null,
        ...(openEnded ? { end_of_stream: result.endOfStream } : {}),
      },
    };
  });
}

function ticketEvents(data: SandboxData, req: SandboxRequest): SandboxResponse {
  const comments = (req.query.get('include') ?? '').split(',').includes('comment_events');
  return timeExport(
    req,
    'ticket_events',
    (start, limit) => {
      const page = data.ticketEvents(start, limit);
      if (comments) return page;
      const items = page.items.map((e) => ({
        ...e,
        child_events: (e.child_events as { type?: string }[]).filter((c) => c.type !== 'Comment'),
      }));
      return { ...page, items };
    },
    true,
  );
}

function updateTicket(data: SandboxData, id: number, body: unknown): SandboxResponse {
  const input = ((body as { ticket?: unknown } | null)?.ticket ?? {}) as Record<string, unknown>;
  const current = data.currentTicket(id);
  if (current === null) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  const change: TicketChange = {};
  if (typeof input.priority === 'string' || input.priority === null) change.priority = input.priority;
  if (typeof input.status === 'string') change.status = input.status;
  let tags = Array.isArray(input.tags) ? (input.tags as string[]) : (current.tags as string[]);
  if (Array.isArray(input.additional_tags))
    tags = [...new Set([...tags, ...(input.additional_tags as string[])])];
  if (Array.isArray(input.remove_tags))
    tags = tags.filter((t) => !(input.remove_tags as string[]).includes(t));
  change.tags = tags;
  const comment = input.comment as { body?: unknown; html_body?: unknown; public?: unknown } | undefined;
  if (comment !== undefined) {
    const text = comment.body ?? comment.html_body;
    if (typeof text !== 'string' || text === '') {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { base: [{ description: 'Comment: body is required' }] },
        },
      };
    }
    change.comment = { body: text, public: comment.public !== false };
  }
  const ticket = data.changeTicket(id, change);
  return { status: 200, body: { ticket, audit: { ticket_id: id, events: [] } } };
}

function tagsOf(data: SandboxData, id: number, method: string, body: unknown): SandboxResponse {
  const current = data.currentTicket(id);
  if (current === null) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  const given = ((body as { tags?: unknown } | null)?.tags ?? []) as string[];
  const tags = current.tags as string[];
  if (method === 'GET') return { status: 200, body: { tags } };
  const next =
    method === 'DELETE' ? tags.filter((t) => !given.includes(t)) : [...new Set([...tags, ...given])];
  data.changeTicket(id, { tags: next });
  return { status: 200, body: { tags: next } };
}

/** The incremental article export: `next_page` carries the next start time, null on the last page. */
function articles(data: SandboxData, req: SandboxRequest): SandboxResponse {
  return startTimeOf(req, (startTime) => {
    const page = data.articles.exportPage(startTime);
    return {
      status: 200,
      body: {
        articles: page.items,
        count: page.items.length,
        end_time: page.endTime,
        next_page: page.endOfStream ? null : `${req.origin}${req.path}.json?start_time=${page.endTime}`,
      },
    };
  });
}

/** Show Many Users: the users that exist among `ids` (at most 100), others left out. */
function showManyUsers(data: SandboxData, req: SandboxRequest): SandboxResponse {
  const ids = (req.query.get('ids') ?? '').split(',').filter((id) => /^\d+$/.test(id));
  if (ids.length === 0 || ids.length > 100)
    return { status: 400, body: { error: 'InvalidParameter', description: 'ids: 1 to 100 user ids' } };
  const users = ids
    .map((id) => Number(id) - IDS.user)
    .filter((index) => index >= 0 && index < data.userPositions())
    .map((index) => data.userAt(index));
  return { status: 200, body: { users } };
}

export function route(data: SandboxData, req: SandboxRequest): SandboxResponse {
  const { path, method } = req;
  if (method === 'GET' && path === '/api/v2/users/me')
    return { status: 200, body: { user: rawUser(data.shape.seed, 0) } };
  if (method === 'GET' && path === '/api/v2/incremental/tickets/cursor') return tickets(data, req);
  if (method === 'GET' && path === '/api/v2/incremental/users/cursor') {
    const start = startPosition(req, (t) => data.firstUserPosition(t));
    if (typeof start !== 'number') return start;
    return cursorPage(req, 'users', data.userPositions(), start, (p) => data.userAt(p));
  }
  if (method === 'GET' && path === '/api/v2/incremental/organizations') {
    return timeExport(req, 'organizations', (s, l) => data.organizations(s, l), true);
  }
  if (method === 'GET' && path === '/api/v2/incremental/ticket_events') return ticketEvents(data, req);
  if (method === 'GET' && path === '/api/v2/incremental/ticket_metric_events') {
    return timeExport(req, 'ticket_metric_events', (s, l) => data.metricEvents(s, l), false);
  }
  if (method === 'GET' && path === '/api/v2/help_center/incremental/articles') return articles(data, req);
  if (method === 'GET' && path === '/api/v2/users/show_many') return showManyUsers(data, req);
  const ticketPath = /^\/api\/v2\/tickets\/(\d+)(\/tags)?$/.exec(path);
  if (ticketPath !== null) {
    const id = Number(ticketPath[1]);
    if (ticketPath[2] !== undefined) return tagsOf(data, id, method, req.body);
    if (method === 'PUT') return updateTicket(data, id, req.body);
    if (method === 'GET') return showTicket(data, id, req.query);
  }
  return { status: 404, body: { error: 'InvalidEndpoint', description: `Not found: ${method} ${path}` } };
}
