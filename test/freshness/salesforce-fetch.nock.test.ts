import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawAccount, rawCase, rawContact } from '../../connectors/salesforce/fixtures/records.js';
import { salesforceConnector } from '../../connectors/salesforce/index.js';
import { errorMessage } from '../../shared/errors.js';
import type { FetchTicketContext } from '../../shared/sync/index.js';
import {
  API,
  connection,
  LOGIN,
  queryPage,
  sessionState,
  sf,
  soqlOf,
} from '../salesforce/helpers/nock-env.js';
import { memoryLogger } from '../salesforce/helpers/setup.js';

const CASE_1 = '5005g00000AAAAAAA1';
const CONTACT = '0035g00000AbCdEAAV';
const ACCOUNT = '0015g00000AbCdEAAV';
const expired = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

const context = (): FetchTicketContext => ({ log: memoryLogger('silent').log, state: sessionState() });

async function fetchTicket(id: string, extra: Record<string, unknown> = {}) {
  const fetch = salesforceConnector.fetchTicket;
  if (fetch === undefined) throw new Error('the Salesforce connector has no fetchTicket');
  return fetch(connection({ tagsField: 'Tags__c', accountTierField: 'Tier__c', ...extra }), id, context());
}

/** A Case row as Salesforce returns it for parent-relationship fields: parents nested, or null. */
function caseRow(overrides: Record<string, unknown> = {}) {
  return {
    ...rawCase(CASE_1, { Subject: 'Refund', Tags__c: 'billing;vip' }),
    Contact: rawContact(CONTACT),
    Account: { ...rawAccount(ACCOUNT), Tier__c: 'gold' },
    ...overrides,
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('salesforce fetchTicket (one SOQL query through nock)', () => {
  it('reads the case, its contact and its account in one escaped query, mapped like the streams', async () => {
    let soql = '';
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(200, (path) => {
        soql = soqlOf(path);
        return queryPage([caseRow()]);
      });
    const fetched = await fetchTicket(CASE_1);
    expect(soql).toMatch(/^SELECT Id, SystemModstamp, IsDeleted, CaseNumber, .*Tags__c, Contact\.Id, /);
    expect(soql).toContain('Contact.Email, Contact.Phone, Contact.AccountId, Account.Id,');
    expect(soql).toContain('Account.Website, Account.Tier__c FROM Case');
    expect(soql).toMatch(new RegExp(`WHERE Id = '${CASE_1}' LIMIT 1$`));
    expect(fetched?.tickets).toHaveLength(1);
    expect(fetched?.tickets[0]).toMatchObject({
      id: `sf:${CASE_1}`,
      source: 'sf',
      externalId: CASE_1,
      subject: 'Refund',
      status: 'open',
      priority: 'normal',
      requesterId: `sf:${CONTACT}`,
      organizationId: `sf:${ACCOUNT}`,
      tags: ['billing', 'vip'],
    });
    expect(fetched?.people).toEqual([
      {
        id: `sf:${CONTACT}`,
        source: 'sf',
        externalId: CONTACT,
        name: 'Ana Silva',
        email: 'ana.silva0@northwind.example',
        phone: null,
        organizationId: `sf:${ACCOUNT}`,
        role: 'end_user',
        timeZone: null,
      },
    ]);
    expect(fetched?.organizations).toMatchObject([{ id: `sf:${ACCOUNT}`, tier: 'gold' }]);
    expect(fetched?.quarantined).toEqual([]);
  });

  it('keeps a case without contact or account (null parents)', async () => {
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(200, queryPage([caseRow({ ContactId: null, AccountId: null, Contact: null, Account: null })]));
    const fetched = await fetchTicket(CASE_1);
    expect(fetched?.tickets[0]?.requesterId).toBeNull();
    expect(fetched?.people).toEqual([]);
    expect(fetched?.organizations).toEqual([]);
  });

  it('is null when no case has that Id, and for an Id of the wrong form (no request)', async () => {
    sf().get(`${API}/query`).query(true).reply(200, queryPage([]));
    expect(await fetchTicket('5005g00000AAAAAAA9')).toBeNull();
    for (const id of ["5005g00000AAAAA' OR Id != '", '4711', '']) expect(await fetchTicket(id)).toBeNull();
  });

  it('quarantines an invalid case with the reason', async () => {
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(200, queryPage([caseRow({ CreatedDate: 'last Tuesday' })]));
    const fetched = await fetchTicket(CASE_1);
    expect(fetched?.tickets).toEqual([]);
    expect(fetched?.people).toHaveLength(1);
    expect(fetched?.quarantined?.[0]).toMatchObject({ externalId: CASE_1 });
    expect(fetched?.quarantined?.[0]?.reason).toContain(`Case ${CASE_1}: CreatedDate`);
  });

  it('on a 401 refreshes the token once, and fails clearly when the refresh is refused', async () => {
    sf().get(`${API}/query`).query(true).reply(401, expired);
    nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const error = await fetchTicket(CASE_1).catch((e: unknown) => e);
    expect(errorMessage(error)).toContain('Salesforce refused the refresh-token login (invalid_grant');
  });

  it('on a 401 with a plain access token says what to configure', async () => {
    sf().get(`${API}/query`).query(true).reply(401, expired);
    const error = await fetchTicket(CASE_1, { auth: { accessToken: 'tok' } }).catch((e: unknown) => e);
    expect(errorMessage(error)).toContain('use auth: {clientId, clientSecret, refreshToken} or a JWT bearer');
  });
});
