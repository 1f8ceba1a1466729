import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.js';
import type { SandboxObject } from './ids.js';
import { KNOWLEDGE_PAGE_SIZE } from './knowledge.js';
import { executeQuery, SandboxApiError } from './query-exec.js';
import type { Cursor, SandboxState } from './state.js';

export interface RouteContext {
  state: SandboxState;
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  url: URL;
  body: string;
  /** Sforce-Limit-Info and friends, sent with every API response. */
  headers: Record<string, string>;
  /** Corrupt one record of this page (the "malformed" fault). */
  corrupt: boolean;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(ctx: RouteContext): void | Promise<void>;
}

const V = '/services/data/v(\\d+\\.\\d)';

function batchSize(ctx: RouteContext): number {
  const header = String(ctx.req.headers['sforce-query-options'] ?? '');
  const size = Number(/batchSize=(\d+)/i.exec(header)?.[1] ?? 2000);
  // Salesforce honours 200–2000 and treats the rest as 2000 ("not guaranteed").
  return size >= 200 && size <= 2000 ? size : 2000;
}

/** One page of a cursor in the query response shape, registering the cursor again if not done. */
function queryPage(ctx: RouteContext, resource: string, cursorId: string, cursor: Cursor, totalSize: number) {
  const size = Math.min(batchSize(ctx), cursor.pageLimit ?? Number.POSITIVE_INFINITY);
  const records: Record<string, unknown>[] = [];
  while (records.length < size) {
    const next = cursor.records.next();
    if (next.done) break;
    records.push(next.value);
  }
  if (ctx.corrupt && records.length > 0) {
    const middle = Math.floor(records.length / 2);
    records[middle] = { ...records[middle], SystemModstamp: 'not a date', CreatedDate: 42 };
  }
  cursor.offset += records.length;
  cursor.remaining -= records.length;
  const done = cursor.remaining <= 0;
  ctx.state.cursors.delete(cursorId);
  const body: Record<string, unknown> = { totalSize, done, records };
  if (!done) {
    const nextId = `01g5g${String(ctx.state.counter++).padStart(10, '0')}AAA-${cursor.offset}`;
    ctx.state.cursors.set(nextId, cursor);
    body.nextRecordsUrl = `/services/data/v${ctx.params[0]}/${resource}/${nextId}`;
  }
  sendJson(ctx.res, 200, body, ctx.headers);
}

const totals = new WeakMap<Cursor, number>();

export const restRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/(query|queryAll)/?$`),
    handle(ctx) {
      const q = ctx.url.searchParams.get('q');
      if (q === null) throw new SandboxApiError(400, 'MALFORMED_QUERY', 'missing q parameter');
      const run = executeQuery(ctx.state.dataset, q, ctx.params[1] === 'queryAll');
      if (run.count) {
        sendJson(ctx.res, 200, { totalSize: run.totalSize, done: true, records: [] }, ctx.headers);
        return;
      }
      const cursor: Cursor = { records: run.records, remaining: run.totalSize, offset: 0 };
      if (run.object.endsWith('__kav')) cursor.pageLimit = KNOWLEDGE_PAGE_SIZE;
      totals.set(cursor, run.totalSize);
      queryPage(ctx, ctx.params[1] ?? 'query', '', cursor, run.totalSize);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/(query|queryAll)/([\\w-]+)$`),
    handle(ctx) {
      const id = ctx.params[2] ?? '';
      const cursor = ctx.state.cursors.get(id);
      if (cursor === undefined) {
        throw new SandboxApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      }
      queryPage(ctx, ctx.params[1] ?? 'query', id, cursor, totals.get(cursor) ?? cursor.remaining);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/sobjects/?$`),
    handle(ctx) {
      const sobjects = ctx.state.dataset
        .objects()
        .filter((name) => ctx.state.dataset.has(name))
        .map((name) => ({ name, label: name, queryable: true, updateable: true, createable: true }));
      sendJson(ctx.res, 200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects }, ctx.headers);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/sobjects/(\\w+)/describe/?$`),
    handle(ctx) {
      const name = ctx.params[1] ?? '';
      const sample = ctx.state.dataset.has(name) ? ctx.state.dataset.scan(name).next().value : undefined;
      if (sample === undefined)
        throw new SandboxApiError(404, 'NOT_FOUND', `The requested resource does not exist`);
      const fields = Object.keys(sample)
        .filter((f) => f !== 'attributes')
        .map((f) => ({
          name: f,
          type: typeof sample[f] === 'boolean' ? 'boolean' : 'string',
          nillable: true,
        }));
      sendJson(ctx.res, 200, { name, queryable: true, fields }, ctx.headers);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/sobjects/(\\w+)/(\\w{18})$`),
    handle(ctx) {
      const record = ctx.state.dataset.get(ctx.params[1] ?? '', ctx.params[2] ?? '');
      if (record === null || record.IsDeleted === true) {
        throw new SandboxApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      }
      const fields = ctx.url.searchParams.get('fields');
      const out =
        fields === null
          ? record
          : Object.fromEntries(['attributes', 'Id', ...fields.split(',')].map((f) => [f, record[f] ?? null]));
      sendJson(ctx.res, 200, out, ctx.headers);
    },
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^${V}/sobjects/(\\w+)/(\\w{18})$`),
    handle(ctx) {
      const fields = JSON.parse(ctx.body) as Record<string, unknown>;
      const current = ctx.state.dataset.get(ctx.params[1] ?? '', ctx.params[2] ?? '');
      if (current === null || current.IsDeleted === true) {
        throw new SandboxApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      }
      for (const key of Object.keys(fields)) {
        if (!(key in current))
          throw new SandboxApiError(
            400,
            'INVALID_FIELD',
            `No such column '${key}' on sobject of type ${ctx.params[1]}`,
          );
      }
      ctx.state.dataset.update(ctx.params[1] ?? '', ctx.params[2] ?? '', fields);
      ctx.res.writeHead(204, ctx.headers);
      ctx.res.end();
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^${V}/sobjects/(\\w+)/?$`),
    handle(ctx) {
      const object = ctx.params[1] ?? '';
      if (object !== 'CaseComment')
        throw new SandboxApiError(400, 'INVALID_TYPE', `the sandbox cannot create ${object} records`);
      const fields = JSON.parse(ctx.body) as Record<string, unknown>;
      if (typeof fields.ParentId !== 'string' || ctx.state.dataset.get('Case', fields.ParentId) === null) {
        throw new SandboxApiError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Parent ID: id value of incorrect type');
      }
      const record = ctx.state.dataset.insert(object as SandboxObject, {
        ParentId: fields.ParentId,
        IsPublished: fields.IsPublished === true,
        CommentBody: String(fields.CommentBody ?? ''),
        CreatedById: null,
      });
      sendJson(ctx.res, 201, { id: record.Id, success: true, errors: [] }, ctx.headers);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${V}/limits/?$`),
    handle(ctx) {
      const { used, limit } = ctx.state.apiUsage;
      sendJson(ctx.res, 200, { DailyApiRequests: { Max: limit, Remaining: limit - used } }, ctx.headers);
    },
  },
];
