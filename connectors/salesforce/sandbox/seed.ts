import { SEED_COMPANIES, SEED_CUSTOMERS } from '../../../shared/sandbox/customers.js';
import { hashRandom, pick, type SandboxObject, sfDateTime, sfId } from './ids.js';
import { knowledgeTables } from './knowledge.js';

export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

/** A generated object: `count` base records, record `i` computed on demand (flat memory at any size). */
export interface Table {
  object: SandboxObject;
  count: number;
  at(i: number): SfRecord;
}

export interface SeedPlan {
  seed: number;
  size: number;
  /** Every generated timestamp is before this instant (ms). */
  anchor: number;
  /** Every `malformedEvery`-th case has an unparseable CreatedDate (0 = none). */
  malformedEvery: number;
  emailMessages: boolean;
  apiVersion: string;
}

const MINUTE = 60_000;
const CUSTOMERS = SEED_CUSTOMERS.filter((c) => c.crms.includes('salesforce'));
const AGENTS = ['Maya Chen', 'Tom Reyes', 'Aisha Bello', 'Lars Holm', 'Noor Aziz', 'Pablo Ortiz'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'America/Chicago'];
const OPEN = ['New', 'Working', 'Escalated', 'On Hold', 'Waiting on Customer'];
const PRIORITIES = ['Low', 'Medium', 'Medium', 'High', 'Critical'];
const ORIGINS = ['Email', 'Web', 'Phone', 'Chat', 'Email'];
const TYPES = ['Problem', 'Question', 'Feature Request', null];
const TOPICS = ['Login fails', 'Invoice question', 'Shipment delayed', 'API returns 500', 'Refund request'];
const TARGET_MINUTES: Record<string, number> = { Critical: 60, High: 240, Medium: 480, Low: 1440 };

const attributes = (type: string, id: string, version: string) => ({
  type,
  url: `/services/data/v${version}/sobjects/${type}/${id}`,
});

/** Cases are spread over up to two years before the anchor, one per `step`. */
function timeline(plan: SeedPlan) {
  const step = Math.max(
    1000,
    Math.min(10 * MINUTE, Math.floor((730 * 24 * 60 * MINUTE) / plan.size / 1000) * 1000),
  );
  const slot = (i: number) => plan.anchor - (plan.size + 1 - i) * step;
  const at = (i: number, fraction: number) => slot(i) + Math.floor((step * fraction) / 1000) * 1000;
  return { step, slot, at };
}

export function buildTables(plan: SeedPlan): Record<string, Table> {
  const { slot, at } = timeline(plan);
  const v = plan.apiVersion;
  const before = (i: number, count: number) => sfDateTime(slot(0) - (count - i) * MINUTE);
  const users: Table = {
    object: 'User',
    count: AGENTS.length,
    at: (i) => {
      const Id = sfId('User', i);
      const name = AGENTS[i] as string;
      return {
        attributes: attributes('User', Id, v),
        Id,
        Name: name,
        Email: `${name.toLowerCase().replace(' ', '.')}@support.acme.example`,
        Phone: i % 2 === 0 ? `+1 555 010${i}` : null,
        TimeZoneSidKey: pick(ZONES, i / AGENTS.length),
        SystemModstamp: before(i, AGENTS.length),
      };
    },
  };
  const accounts: Table = {
    object: 'Account',
    count: SEED_COMPANIES.length,
    at: (i) => {
      const company = SEED_COMPANIES[i] ?? SEED_COMPANIES[0];
      const Id = sfId('Account', i);
      return {
        attributes: attributes('Account', Id, v),
        Id,
        IsDeleted: false,
        Name: company?.name ?? null,
        Website: `https://www.${company?.domain}`,
        Tier__c: company?.tier ?? null,
        SystemModstamp: before(i, SEED_COMPANIES.length),
      };
    },
  };
  const contacts: Table = {
    object: 'Contact',
    count: CUSTOMERS.length,
    at: (i) => {
      const customer = CUSTOMERS[i] ?? CUSTOMERS[0];
      const Id = sfId('Contact', i);
      const company = SEED_COMPANIES.findIndex((c) => c.domain === customer?.company.domain);
      return {
        attributes: attributes('Contact', Id, v),
        Id,
        // The last contact is deleted: its cases keep pointing at it.
        IsDeleted: i === CUSTOMERS.length - 1,
        Name: `${customer?.firstName} ${customer?.lastName}`,
        Email: customer?.email ?? null,
        Phone: i % 3 === 0 ? null : `+44 20 7946 0${String(100 + i).slice(-3)}`,
        AccountId: company < 0 ? null : sfId('Account', company),
        SystemModstamp: before(i, CUSTOMERS.length),
      };
    },
  };
  return {
    User: users,
    Account: accounts,
    Contact: contacts,
    Case: { object: 'Case', count: plan.size, at: (i) => caseAt(plan, i, at) },
    CaseComment: { object: 'CaseComment', count: plan.size * 2, at: (k) => commentAt(plan, k, at) },
    EmailMessage: {
      object: 'EmailMessage',
      count: plan.emailMessages ? Math.ceil(plan.size / 2) : 0,
      at: (k) => emailAt(plan, k, at),
    },
    CaseMilestone: { object: 'CaseMilestone', count: plan.size, at: (i) => milestoneAt(plan, i, at) },
    ...knowledgeTables(plan.anchor, v),
  };
}

type At = (i: number, fraction: number) => number;

/** The parts of case `i` its children need too. */
export function caseFacts(plan: SeedPlan, i: number) {
  const r = (salt: number) => hashRandom(plan.seed, i, salt);
  const closed = r(1) < 0.4;
  const status = closed ? 'Closed' : i % 23 === 7 ? 'Awaiting Parts' : pick(OPEN, r(2));
  const priority = i % 31 === 5 ? null : pick(PRIORITIES, r(3));
  return { closed, status, priority, deleted: i % 50 === 49, ownerIndex: Math.floor(r(4) * AGENTS.length) };
}

function caseAt(plan: SeedPlan, i: number, at: At): SfRecord {
  const facts = caseFacts(plan, i);
  const r = (salt: number) => hashRandom(plan.seed, i, salt);
  const Id = sfId('Case', i);
  const customer = i % 19 === 3 ? null : i % CUSTOMERS.length;
  const contact = customer === null ? null : (CUSTOMERS[customer] ?? null);
  const company =
    contact === null ? -1 : SEED_COMPANIES.findIndex((c) => c.domain === contact.company.domain);
  const topic = pick(TOPICS, r(5));
  const created = at(i, 0);
  const owner = i % 17 === 4 ? null : i % 5 === 2 ? sfId('Group', 0) : sfId('User', facts.ownerIndex);
  return {
    attributes: attributes('Case', Id, plan.apiVersion),
    Id,
    IsDeleted: facts.deleted,
    CaseNumber: String(1000 + i).padStart(8, '0'),
    Subject: i % 11 === 0 ? `${topic}: refund to card 4111 1111 1111 1111` : `${topic} #${i}`,
    Description: i % 4 === 0 ? null : `Customer reports: ${topic.toLowerCase()}.\nPlease help.`,
    Status: facts.status,
    Priority: facts.priority,
    Origin: i % 29 === 0 ? null : pick(ORIGINS, r(6)),
    Type: pick(TYPES, r(7)),
    Reason: i % 6 === 0 ? 'Performance' : null,
    IsClosed: facts.closed,
    IsEscalated: facts.status === 'Escalated' || i % 13 === 0,
    ClosedDate: facts.closed ? sfDateTime(at(i, 0.85)) : null,
    ContactId: customer === null ? null : sfId('Contact', customer),
    AccountId: company < 0 ? null : sfId('Account', company),
    OwnerId: owner,
    CreatedDate:
      plan.malformedEvery > 0 && i % plan.malformedEvery === plan.malformedEvery - 1
        ? 'last Tuesday'
        : sfDateTime(created),
    LastModifiedDate: sfDateTime(at(i, 0.9)),
    SystemModstamp: sfDateTime(at(i, 0.9)),
    Tags__c: i % 7 === 0 ? 'billing;vip' : null,
    Sentiment__c: pick(['positive', 'neutral', 'negative'], r(8)),
  };
}

function commentAt(plan: SeedPlan, k: number, at: At): SfRecord {
  const i = Math.floor(k / 2);
  const internal = k % 2 === 1;
  const Id = sfId('CaseComment', k);
  const stamp = sfDateTime(at(i, internal ? 0.4 : 0.2));
  return {
    attributes: attributes('CaseComment', Id, plan.apiVersion),
    Id,
    IsDeleted: caseFacts(plan, i).deleted,
    ParentId: sfId('Case', i),
    IsPublished: !internal,
    CommentBody: internal
      ? `Internal: customer paid with 5555-5555-5555-4444, check the charge (case ${i})`
      : `Thanks for reaching out, we are looking into it (case ${i}).`,
    CreatedById: sfId('User', caseFacts(plan, i).ownerIndex),
    CreatedDate: stamp,
    SystemModstamp: stamp,
  };
}

function emailAt(plan: SeedPlan, k: number, at: At): SfRecord {
  const i = k * 2;
  const Id = sfId('EmailMessage', k);
  const stamp = sfDateTime(at(i, 0.7));
  return {
    attributes: attributes('EmailMessage', Id, plan.apiVersion),
    Id,
    IsDeleted: caseFacts(plan, i).deleted,
    ParentId: sfId('Case', i),
    Subject: `Re: case ${i}`,
    TextBody: k % 9 === 4 ? null : `Hello, any news on my case ${i}?`,
    Incoming: true,
    CreatedById: sfId('User', 0),
    MessageDate: stamp,
    CreatedDate: stamp,
    SystemModstamp: stamp,
  };
}

/** Open milestones get IsViolated at read time (the server's clock): see `withViolation`. */
function milestoneAt(plan: SeedPlan, i: number, at: At): SfRecord {
  const facts = caseFacts(plan, i);
  const Id = sfId('CaseMilestone', i);
  const start = at(i, 0);
  const target = start + (TARGET_MINUTES[facts.priority ?? 'Medium'] ?? 480) * MINUTE;
  const completion = facts.closed ? start + (i % 3 === 0 ? 1.5 : 0.5) * (target - start) : null;
  const first = i % 2 === 0;
  return {
    attributes: attributes('CaseMilestone', Id, plan.apiVersion),
    Id,
    IsDeleted: facts.deleted,
    CaseId: sfId('Case', i),
    MilestoneTypeId: sfId('MilestoneType', first ? 0 : 1),
    MilestoneType: {
      attributes: attributes('MilestoneType', sfId('MilestoneType', first ? 0 : 1), plan.apiVersion),
      Name: first ? 'First Response' : 'Resolution',
    },
    StartDate: sfDateTime(start),
    TargetDate: sfDateTime(target),
    CompletionDate: completion === null ? null : sfDateTime(completion),
    IsCompleted: completion !== null,
    IsViolated: completion !== null && completion > target,
    SystemModstamp: sfDateTime(at(i, 0.8)),
  };
}

/** IsViolated = (no CompletionDate AND now > TargetDate) OR CompletionDate > TargetDate; it never bumps SystemModstamp. */
export function withViolation(record: SfRecord, now: number): SfRecord {
  if (record.IsCompleted === true || typeof record.TargetDate !== 'string') return record;
  return { ...record, IsViolated: now > Date.parse(record.TargetDate) };
}
