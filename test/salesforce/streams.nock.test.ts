import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  rawAccount,
  rawCase,
  rawCaseComment,
  rawContact,
  rawEmailMessage,
  rawMilestone,
  rawUser,
} from '../../connectors/salesforce/fixtures/records.js';
import { commentsStream } from '../../connectors/salesforce/streams/comments.js';
import { organizationsStream } from '../../connectors/salesforce/streams/organizations.js';
import { peopleStream } from '../../connectors/salesforce/streams/people.js';
import { slaStream } from '../../connectors/salesforce/streams/sla.js';
import { ticketsStream } from '../../connectors/salesforce/streams/tickets.js';
import { API, limitInfo, queryPage, readStream, sf, soqlOf } from './helpers/nock-env.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const CASE_1 = '5005g00000AAAAAAA1';
const CASE_2 = '5005g00000AAAAAAA2';
const CASE_3 = '5005g00000AAAAAAA3';

describe('tickets stream (Case)', () => {
  it('pages with nextRecordsUrl, turns IsDeleted into deletes, quarantines a bad record and checkpoints per page', async () => {
    const queries: string[] = [];
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .matchHeader('Sforce-Query-Options', 'batchSize=2000')
      .matchHeader('authorization', 'Bearer stored-token')
      .reply(
        200,
        (uri) => {
          queries.push(soqlOf(uri));
          return queryPage(
            [
              rawCase(CASE_1, { Status: 'Awaiting Parts', OwnerId: null, Sentiment__c: 'neutral' }),
              rawCase(CASE_2, { CreatedDate: 'yesterday', SystemModstamp: '2026-02-01T10:30:00.000+0000' }),
            ],
            `${API}/queryAll/01gXX-2000`,
            3,
          );
        },
        limitInfo(),
      );
    sf()
      .get(`${API}/queryAll/01gXX-2000`)
      .reply(
        200,
        queryPage(
          [rawCase(CASE_3, { IsDeleted: true, SystemModstamp: '2026-02-01T11:00:00.000+0000' })],
          undefined,
          3,
        ),
        limitInfo(),
      );

    const { pages, error, lines } = await readStream(ticketsStream);
    expect(error).toBeNull();
    expect(queries[0]).toBe(
      `SELECT Id, SystemModstamp, IsDeleted, CaseNumber, Subject, Description, Status, Priority, Origin, Type, Reason, IsClosed, IsEscalated, ClosedDate, ContactId, AccountId, OwnerId, CreatedDate, LastModifiedDate FROM Case WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2026-03-01T12:00:00Z ORDER BY SystemModstamp, Id`,
    );
    expect(pages).toHaveLength(2);
    const [first, second] = pages;
    expect(first?.records.tickets).toHaveLength(1);
    expect(first?.records.tickets?.[0]).toMatchObject({
      id: `sf:${CASE_1}`,
      status: 'open',
      sourceStatus: 'Awaiting Parts',
      priority: 'normal',
      channel: 'email',
      assigneeId: null,
      groupId: null,
      url: `https://acme.my.salesforce.com/lightning/r/Case/${CASE_1}/view`,
      createdAt: '2026-02-01T09:00:00.000Z',
    });
    expect(first?.quarantined).toEqual([
      expect.objectContaining({ externalId: CASE_2, reason: expect.stringContaining('CreatedDate') }),
    ]);
    expect(first?.checkpoint).toEqual({ systemModstamp: '2026-02-01T10:30:00.000Z', seen: [CASE_2] });
    expect(first?.remaining).toBe(1);
    expect(second?.deletes).toEqual({ tickets: [CASE_3] });
    // The checkpoint remembers the ids inside the lookback window before it (10:50–11:00).
    expect(second?.checkpoint).toEqual({ systemModstamp: '2026-02-01T11:00:00.000Z', seen: [CASE_3] });
    expect(lines().filter((l) => l.level === 40 && String(l.msg).includes('Awaiting Parts'))).toHaveLength(1);
  });

  it('resumes from the checkpoint minus the lookback window', async () => {
    let query = '';
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, (uri) => {
        query = soqlOf(uri);
        return queryPage([]);
      });
    const { pages } = await readStream(ticketsStream, {
      checkpoint: { systemModstamp: '2026-02-28T10:00:00.000Z' },
    });
    expect(pages).toHaveLength(1);
    expect(query).toContain(
      'SystemModstamp >= 2026-02-28T09:50:00Z AND SystemModstamp < 2026-03-01T12:00:00Z',
    );
    expect(pages[0]?.checkpoint).toEqual({ systemModstamp: '2026-02-28T10:00:00.000Z', seen: [] });
  });

  it('skips re-read rows it already committed, but not a late row inside the lookback window', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(
        200,
        queryPage([
          rawCase(CASE_2, { SystemModstamp: '2026-02-28T09:55:00.000+0000' }),
          rawCase(CASE_1, { SystemModstamp: '2026-02-28T10:00:00.000+0000' }),
        ]),
      );
    const { pages } = await readStream(ticketsStream, {
      checkpoint: { systemModstamp: '2026-02-28T10:00:00.000Z', seen: [CASE_1] },
    });
    expect(pages[0]?.records.tickets?.map((t) => t.externalId)).toEqual([CASE_2]);
    expect(pages[0]?.checkpoint).toEqual({
      systemModstamp: '2026-02-28T10:00:00.000Z',
      seen: [CASE_1, CASE_2],
    });
  });

  it('maps IsClosed over the status map, Medium to normal, unknown origins to other, nulls to null', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(
        200,
        queryPage([
          rawCase(CASE_1, {
            Status: 'Working',
            IsClosed: true,
            ClosedDate: '2026-02-02T00:00:00.000+0000',
            Origin: 'Carrier pigeon',
            Priority: null,
            Subject: null,
            OwnerId: '00G5g00000AbCdEAAV',
          }),
        ]),
      );
    const { pages } = await readStream(ticketsStream);
    expect(pages[0]?.records.tickets?.[0]).toMatchObject({
      status: 'closed',
      closedAt: '2026-02-02T00:00:00.000Z',
      channel: 'other',
      priority: null,
      sourcePriority: null,
      subject: null,
      groupId: 'sf:00G5g00000AbCdEAAV',
      assigneeId: null,
    });
  });
});

describe('people, organizations, comments and sla streams', () => {
  it('people: contacts then the users who own cases, each object with its own checkpoint', async () => {
    const queries: string[] = [];
    const record = (uri: string) => queries.push(soqlOf(uri));
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, (uri) => {
        record(uri);
        return queryPage([
          rawContact('0035g00000AAAAAAA1'),
          rawContact('0035g00000AAAAAAA2', { IsDeleted: true }),
        ]);
      });
    sf()
      .get(`${API}/query`)
      .query(true)
      .reply(200, (uri) => {
        record(uri);
        return queryPage([rawUser('0055g00000AAAAAAA1')]);
      });
    const { pages, error } = await readStream(peopleStream);
    expect(error).toBeNull();
    expect(queries[1]).toContain(
      'FROM User WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2026-03-01T12:00:00Z AND Id IN (SELECT OwnerId FROM Case)',
    );
    expect(pages[0]?.records.people?.[0]).toMatchObject({
      role: 'end_user',
      organizationId: 'sf:0015g00000AbCdEAAV',
      phone: null,
    });
    expect(pages[0]?.deletes).toEqual({ people: ['0035g00000AAAAAAA2'] });
    expect(pages[1]?.records.people?.[0]).toMatchObject({ role: 'agent', timeZone: 'Europe/London' });
    expect(pages[1]?.checkpoint).toMatchObject({
      contacts: { systemModstamp: '2026-02-01T10:00:00.000Z' },
      users: { systemModstamp: '2026-02-01T10:00:00.000Z', seen: ['0055g00000AAAAAAA1'] },
    });
  });

  it('organizations: accounts with their website domain', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(
        200,
        queryPage([
          rawAccount('0015g00000AAAAAAA1'),
          rawAccount('0015g00000AAAAAAA2', { Website: null, Name: null }),
        ]),
      );
    const { pages } = await readStream(organizationsStream);
    expect(pages[0]?.records.organizations).toEqual([
      {
        id: 'sf:0015g00000AAAAAAA1',
        source: 'sf',
        externalId: '0015g00000AAAAAAA1',
        name: 'Northwind Traders',
        domains: ['northwind.example'],
        tier: null,
      },
      {
        id: 'sf:0015g00000AAAAAAA2',
        source: 'sf',
        externalId: '0015g00000AAAAAAA2',
        name: null,
        domains: [],
        tier: null,
      },
    ]);
  });

  it('comments: case comments only when the org has no EmailMessage, without failing', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, queryPage([rawCaseComment('00a5g00000AAAAAAA1')]));
    sf()
      .get(`${API}/sobjects/`)
      .reply(200, { sobjects: [{ name: 'Case', queryable: true }] });
    const { pages, error, lines } = await readStream(commentsStream);
    expect(error).toBeNull();
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records.comments?.[0]).toMatchObject({
      public: false,
      ticketId: 'sf:5005g00000AbCdEAAV',
      authorId: 'sf:0055g00000AbCdEAAV',
    });
    expect(lines().some((l) => String(l.msg).includes('no EmailMessage object'))).toBe(true);
  });

  it('comments: email messages too when describe lists EmailMessage', async () => {
    sf()
      .get(`${API}/queryAll`)
      .query(true)
      .reply(200, queryPage([rawCaseComment('00a5g00000AAAAAAA1', { IsPublished: true })]));
    sf()
      .get(`${API}/sobjects/`)
      .reply(200, { sobjects: [{ name: 'EmailMessage', queryable: true }] });
    sf()
      .get(`${API}/queryAll`)
      .query((q) => String(q.q).includes('FROM EmailMessage') && String(q.q).includes('ParentId != null'))
      .reply(
        200,
        queryPage([
          rawEmailMessage('02s5g00000AAAAAAA1'),
          rawEmailMessage('02s5g00000AAAAAAA2', { TextBody: null, Subject: null }),
        ]),
      );
    const { pages } = await readStream(commentsStream);
    expect(pages[1]?.records.comments).toEqual([
      {
        id: 'sf:02s5g00000AAAAAAA1',
        source: 'sf',
        externalId: '02s5g00000AAAAAAA1',
        ticketId: 'sf:5005g00000AbCdEAAV',
        authorId: null,
        public: true,
        body: 'Any news?',
        createdAt: '2026-02-01T11:00:00.000Z',
      },
    ]);
    expect(pages[1]?.quarantined?.[0]?.reason).toContain('neither a text body nor a subject');
    expect(pages[1]?.checkpoint).toMatchObject({
      caseComments: { systemModstamp: '2026-02-01T10:00:00.000Z' },
      emailMessages: { systemModstamp: '2026-02-01T11:00:00.000Z' },
    });
  });

  it('sla: a first run reads milestones incrementally and records how far violations are checked', async () => {
    sf()
      .get(`${API}/query`)
      .query((q) => String(q.q).includes('FROM CaseMilestone WHERE SystemModstamp >='))
      .reply(
        200,
        queryPage([
          rawMilestone('11h5g00000AAAAAAA1', {
            IsCompleted: true,
            CompletionDate: '2026-02-01T10:00:00.000+0000',
          }),
        ]),
      );
    const { pages, error } = await readStream(slaStream);
    expect(error).toBeNull();
    expect(pages[0]?.records.sla?.[0]).toMatchObject({
      stage: 'achieved',
      achievedAt: '2026-02-01T10:00:00.000Z',
      metric: 'first_reply',
      origin: 'native',
    });
    expect(pages[1]?.checkpoint).toMatchObject({
      systemModstamp: '2026-02-01T09:00:00.000Z',
      violations: { upTo: '2026-03-01T12:00:00.000Z', ids: [] },
    });
  });

  it('sla: a later run re-reads open milestones whose target passed since, storing each violation once', async () => {
    sf()
      .get(`${API}/query`)
      .query((q) => String(q.q).includes('SystemModstamp >='))
      .reply(200, queryPage([]));
    sf()
      .get(`${API}/query`)
      .query(
        (q) =>
          String(q.q) ===
          'SELECT Id, SystemModstamp, CaseId, MilestoneTypeId, StartDate, TargetDate, CompletionDate, IsCompleted, IsViolated, MilestoneType.Name FROM CaseMilestone WHERE IsCompleted = false AND IsViolated = true AND TargetDate > 2026-03-01T10:50:00Z AND TargetDate <= 2026-03-01T12:00:00Z ORDER BY TargetDate, Id LIMIT 50000',
      )
      .reply(
        200,
        queryPage([
          rawMilestone('11h5g00000AAAAAAA1', {
            IsViolated: true,
            TargetDate: '2026-03-01T10:55:00.000+0000',
          }),
          rawMilestone('11h5g00000AAAAAAA2', {
            IsViolated: true,
            TargetDate: '2026-03-01T11:58:00.000+0000',
            MilestoneType: { Name: 'Resolution Time' },
          }),
        ]),
      );
    const checkpoint = {
      systemModstamp: '2026-02-01T09:00:00.000Z',
      violations: { upTo: '2026-03-01T11:00:00.000Z', ids: ['11h5g00000AAAAAAA1'] },
    };
    const { pages, error } = await readStream(slaStream, { checkpoint });
    expect(error).toBeNull();
    const breached = pages.flatMap((p) => p.records.sla ?? []);
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({
      externalId: '11h5g00000AAAAAAA2',
      stage: 'breached',
      breachedAt: '2026-03-01T11:58:00.000Z',
      metric: 'resolution',
    });
    expect(pages.at(-1)?.checkpoint).toMatchObject({
      systemModstamp: '2026-02-01T09:00:00.000Z',
      violations: { upTo: '2026-03-01T12:00:00.000Z', ids: ['11h5g00000AAAAAAA2'] },
    });
  });
});
