import type { FetchedTicket, FetchTicketContext } from '../../shared/sync/contract.js';
import { SalesforceClient } from './client.js';
import { parseConnection, type SalesforceConnection } from './config.js';
import { SalesforceMapper } from './map.js';
import {
  ACCOUNT_FIELDS,
  CASE_FIELDS,
  CONTACT_FIELDS,
  QueryResult,
  RawAccount,
  RawCase,
  RawContact,
} from './raw.js';
import { soql, soqlIdentifiers } from './soql.js';
import { classify } from './streams/incremental.js';

const CASE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The parent record of a relationship field (`Contact`, `Account`) as an object, or null. */
function parent(row: Record<string, unknown>, name: string): Record<string, unknown> | null {
  const value = row[name];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/**
 * One Case by Id with its Contact and Account, in ONE SOQL query through parent relationships
 * (`Contact.Email`, `Account.Website`…), validated and mapped exactly as the streams do (same
 * field lists, raw schemas, `classify` and mapper). `/query`, not `/queryAll`: a deleted case is
 * not found (null). The owner is not fetched: `Owner` is polymorphic (User or queue) and exposes
 * only the common Name fields, not the ones the people stream maps; the next sync brings it.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_query_using.htm
 */
export async function fetchSalesforceTicket(
  raw: SalesforceConnection,
  externalId: string,
  context: FetchTicketContext,
): Promise<FetchedTicket | null> {
  // An Id of the wrong form cannot exist, and Salesforce would answer it with an error, not nothing.
  if (!CASE_ID.test(externalId)) return null;
  const connection = parseConnection(raw);
  const { tagsField, accountTierField } = connection;
  const caseFields = tagsField === undefined ? CASE_FIELDS : [...CASE_FIELDS, tagsField];
  const accountFields =
    accountTierField === undefined ? ACCOUNT_FIELDS : [...ACCOUNT_FIELDS, accountTierField];
  const fields = [
    ...caseFields,
    ...CONTACT_FIELDS.map((f) => `Contact.${f}`),
    ...accountFields.map((f) => `Account.${f}`),
  ];
  const query = soql`SELECT ${soqlIdentifiers(fields)} FROM Case WHERE Id = ${externalId} LIMIT 1`;
  const client = await SalesforceClient.connect(connection, {
    state: context.state,
    log: context.log,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  const result = QueryResult.parse(
    await client.send({ method: 'GET', url: `${client.baseUrl}/query?q=${encodeURIComponent(query.text)}` }),
  );
  const row = result.records[0];
  if (row === undefined) return null;
  const record = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;

  const mapper = new SalesforceMapper(connection, context.log);
  const cases = classify(
    {
      object: 'Case',
      fields: caseFields,
      schema: RawCase,
      scanAll: false,
      map: (c: RawCase, r: Record<string, unknown>) => mapper.ticket(c, r),
    },
    [row],
    null,
  );
  const contact = parent(record, 'Contact');
  const contacts = classify(
    {
      object: 'Contact',
      fields: CONTACT_FIELDS,
      schema: RawContact,
      scanAll: false,
      map: (c: RawContact) => mapper.contact(c),
    },
    contact === null ? [] : [contact],
    null,
  );
  const account = parent(record, 'Account');
  const accounts = classify(
    {
      object: 'Account',
      fields: accountFields,
      schema: RawAccount,
      scanAll: false,
      map: (a: RawAccount, r: Record<string, unknown>) => mapper.account(a, r),
    },
    account === null ? [] : [account],
    null,
  );
  return {
    tickets: cases.records,
    // A deleted parent (in the recycle bin) is left out, as its stream would remove it.
    people: contacts.records,
    organizations: accounts.records,
    quarantined: [...cases.quarantined, ...contacts.quarantined, ...accounts.quarantined],
  };
}
