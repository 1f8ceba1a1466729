import type { SalesforceClient } from '../client.js';
import { QueryResult } from '../raw.js';
import type { SoqlFragment } from '../soql.js';

export interface QueryOptions {
  /** `/queryAll`: includes IsDeleted = true rows, so deletes arrive as records. */
  scanAll: boolean;
  batchSize: number;
}

/**
 * One query, page by page, following `nextRecordsUrl`. The page size is asked for with
 * `Sforce-Query-Options: batchSize=N` (Salesforce may return fewer). While the caller commits a
 * page, the next one is already being fetched: still one request at a time, never two in flight.
 * `prefetch()` false (the API quota is spent) stops that, so a paused run spends nothing more.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
export async function* queryPages(
  client: SalesforceClient,
  query: SoqlFragment,
  options: QueryOptions & { prefetch?: () => boolean },
): AsyncGenerator<QueryResult> {
  const headers = { 'Sforce-Query-Options': `batchSize=${options.batchSize}` };
  const resource = options.scanAll ? 'queryAll' : 'query';
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (nextRecordsUrl)
  const fetchPage = (url: string) => {
    const pending = client.send({ method: 'GET', url, headers }).then((body) => QueryResult.parse(body));
    // Awaited below; this only keeps a failure of a page nobody waits for any more from being "unhandled".
    pending.catch(() => undefined);
    return pending;
  };
  let pending: Promise<QueryResult> | undefined = fetchPage(
    `${client.baseUrl}/${resource}?q=${encodeURIComponent(query.text)}`,
  );
  while (pending !== undefined) {
    const page: QueryResult = await pending;
    const next = page.done ? undefined : page.nextRecordsUrl;
    const ahead = next !== undefined && (options.prefetch?.() ?? true);
    pending = next === undefined ? undefined : ahead ? fetchPage(next) : undefined;
    yield page;
    if (next !== undefined && !ahead) pending = fetchPage(next);
  }
}

/** `SELECT COUNT() …` → totalSize (one request). */
export async function countRecords(client: SalesforceClient, query: SoqlFragment, scanAll: boolean) {
  const resource = scanAll ? 'queryAll' : 'query';
  // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_count.htm
  const result = await client.send({
    method: 'GET',
    url: `${client.baseUrl}/${resource}?q=${encodeURIComponent(query.text)}`,
  });
  return QueryResult.parse(result).totalSize;
}
