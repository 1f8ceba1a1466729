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
 * `Sforce-Query-Options: batchSize=N` (Salesforce may return fewer).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
export async function* queryPages(
  client: SalesforceClient,
  query: SoqlFragment,
  options: QueryOptions,
): AsyncGenerator<QueryResult> {
  const headers = { 'Sforce-Query-Options': `batchSize=${options.batchSize}` };
  const resource = options.scanAll ? 'queryAll' : 'query';
  let url: string | undefined = `${client.baseUrl}/${resource}?q=${encodeURIComponent(query.text)}`;
  while (url !== undefined) {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (nextRecordsUrl)
    const page = QueryResult.parse(await client.send({ method: 'GET', url, headers }));
    yield page;
    url = page.done ? undefined : page.nextRecordsUrl;
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
