import { z } from 'zod';
import { durationMs } from '../../../shared/config/sections/knowledge.js';
import { CasebridgeError } from '../../../shared/errors.js';
import type { HttpClient, RateBudget } from '../../../shared/http/index.js';
import { defineStream, type Page } from '../../../shared/sync/index.js';
import { createZendeskClient, type ZendeskDeps } from '../client.js';
import { parseConnection, type ZendeskConnection, type ZendeskKnowledge } from '../config.js';
import { authorIds, mapArticles, RawArticle } from '../map-article.js';
import { jobIdOf, parseEnvelope, type ZendeskContext } from './export.js';
import { readTimeExport, secondsOf, TimeCheckpoint } from './time-export.js';

/**
 * Where the import stands: the incremental export's position, and when the whole help center was
 * last listed to find archived articles (the export only reports articles that still exist).
 */
export const KnowledgeCheckpoint = z.strictObject({
  export: TimeCheckpoint.nullable(),
  sweptAt: z.number().int().min(0).nullable(),
});
export type KnowledgeCheckpoint = z.infer<typeof KnowledgeCheckpoint>;

// https://developer.zendesk.com/documentation/help_center/help-center-api/understanding-incremental-article-exports/
const ARTICLES_PATH = '/api/v2/help_center/incremental/articles.json';
export const GUIDE_COLLECTION = 'guide';

const UsersEnvelope = z.looseObject({
  users: z.array(z.looseObject({ id: z.number(), email: z.string().nullable().optional() })),
});
/** Show Many Users takes at most 100 ids. */
const SHOW_MANY_LIMIT = 100;

/**
 * Authors' emails, asked once per run for the authors not asked yet.
 * https://developer.zendesk.com/api-reference/ticketing/users/users/#show-many-users
 */
async function authorEmails(
  http: HttpClient,
  ids: readonly number[],
  known: Map<number, string | null>,
  signal: AbortSignal,
): Promise<Map<number, string>> {
  const missing = ids.filter((id) => !known.has(id));
  for (let i = 0; i < missing.length; i += SHOW_MANY_LIMIT) {
    const chunk = missing.slice(i, i + SHOW_MANY_LIMIT);
    const path = '/api/v2/users/show_many.json';
    const body = await http.getJson(path, { ids: chunk.join(',') }, { signal });
    for (const id of chunk) known.set(id, null);
    for (const user of parseEnvelope(UsersEnvelope, body, path).users) known.set(user.id, user.email ?? null);
  }
  const emails = new Map<number, string>();
  for (const id of ids) {
    const email = known.get(id);
    if (email) emails.set(id, email);
  }
  return emails;
}

function settingsOf(connection: ZendeskConnection, context: ZendeskContext<unknown>): ZendeskKnowledge {
  if (connection.knowledge !== undefined) return connection.knowledge;
  throw new CasebridgeError(
    'config.knowledge',
    `connection ${connection.id} has no \`knowledge\` settings, so the knowledge stream cannot import`,
    {
      hint: `add \`knowledge: { defaultOwner: <email> }\` to connection ${connection.id}, or remove knowledge from job ${jobIdOf(context.log)}`,
    },
  );
}

/**
 * Zendesk Guide articles as SOPs: the incremental article export (time-based, `end_time` as the
 * next `start_time`) upserts published articles and removes drafts; every `sweepEvery` the whole
 * export is listed once more and every imported article missing from it (archived) is removed.
 */
export function knowledgeStream(deps: ZendeskDeps = {}) {
  return defineStream<ZendeskConnection, KnowledgeCheckpoint>({
    name: 'knowledge',
    checkpointSchema: KnowledgeCheckpoint,
    async *read(context) {
      const connection = parseConnection(context.connection);
      const settings = settingsOf(connection, context);
      const { http, exportBudgets } = createZendeskClient(connection, context.log, deps);
      const known = new Map<number, string | null>();
      let sweptAt = context.checkpoint?.sweptAt ?? null;
      const incremental = readTimeExport(
        { ...context, checkpoint: context.checkpoint?.export ?? null },
        http,
        exportBudgets,
        {
          stream: 'knowledge',
          path: ARTICLES_PATH,
          key: 'articles',
          query: {},
          timeOf: (item) => secondsOf((item as { updated_at?: unknown } | null)?.updated_at),
          map: async (items) => {
            const emails = await authorEmails(http, authorIds(items), known, context.signal);
            const { upserts, removes, quarantined } = mapArticles(items, emails, settings);
            return {
              records: {},
              knowledge: { collection: GUIDE_COLLECTION, upserts, removes },
              quarantined,
            };
          },
        },
      );
      let position = context.checkpoint?.export ?? null;
      for await (const page of incremental) {
        position = page.checkpoint;
        yield { ...page, checkpoint: { export: position, sweptAt } };
      }
      const now = context.now().getTime();
      if (sweptAt !== null && now - sweptAt < durationMs(settings.sweepEvery)) return;
      const present = await listPresentArticles(context, http, exportBudgets);
      sweptAt = now;
      const sweep: Page<KnowledgeCheckpoint> = {
        records: {},
        knowledge: { collection: GUIDE_COLLECTION, upserts: [], removes: [], presentOnly: present },
        checkpoint: { export: position, sweptAt },
      };
      yield sweep;
    },
  });
}

/**
 * Ids of every published article, from the same export read from the beginning. An article
 * edited while the listing runs moves later in the export and is met again; an archived one is
 * not listed at all.
 */
async function listPresentArticles(
  context: ZendeskContext<KnowledgeCheckpoint>,
  http: HttpClient,
  budgets: readonly RateBudget[],
): Promise<string[]> {
  const present = new Set<string>();
  const listing = readTimeExport({ ...context, checkpoint: null, startFrom: new Date(0) }, http, budgets, {
    stream: 'knowledge',
    path: ARTICLES_PATH,
    key: 'articles',
    query: {},
    timeOf: (item) => secondsOf((item as { updated_at?: unknown } | null)?.updated_at),
    map: (items) => {
      for (const item of items) {
        const parsed = RawArticle.safeParse(item);
        // A malformed article is not known to be gone: keep whatever was imported for it.
        const id = (item as { id?: unknown } | null)?.id;
        if (!parsed.success && (typeof id === 'number' || typeof id === 'string')) present.add(String(id));
        else if (parsed.success && !parsed.data.draft) present.add(String(parsed.data.id));
      }
      return { records: {} };
    },
  });
  for await (const _ of listing) {
    // Pages of the listing are only counted here; nothing is written until it is complete.
  }
  return [...present];
}
