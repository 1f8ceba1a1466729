import { SEED_COMPANIES, SEED_CUSTOMERS } from '../../../shared/sandbox/customers.js';
import { pick, prng } from './random.js';

/** Zendesk-like id ranges, one per object type, so ids never collide across types. */
export const IDS = {
  organization: 360_000_000_000,
  user: 370_000_000_000,
  group: 380_000_000_000,
  comment: 400_000_000_000,
  ticketEvent: 500_000_000_000,
  metricEvent: 600_000_000_000,
  customField: 360_001_000,
} as const;

/**
 * 300 days before today (UTC midnight): all seeded history lies between here and the start of
 * today, so the demo's SLA clocks, escalations and samples are current. Fixed within a day, and
 * tests derive their expectations from the same data, so runs stay deterministic.
 */
export const BASE_TIME = Math.floor(Date.now() / 86_400_000) * 86_400 - 300 * 86_400;
export const AGENTS = 10;
/** User 0 is the admin the sandbox credentials sign in as. */
export const SANDBOX_ADMIN_EMAIL = 'admin@casebridge-sandbox.example';

const ZENDESK_CUSTOMERS = SEED_CUSTOMERS.filter((c) => c.crms.includes('zendesk'));
const FIRST = [
  'Aiko',
  'Bruno',
  'Camila',
  'Deniz',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ivo',
  'Jun',
  'Kalani',
  'Léa',
];
const LAST = [
  'Andersen',
  'Bianchi',
  'Çelik',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Grünewald',
  'Horvat',
  'Ito',
  'Jansen',
];
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London', 'America/Sao_Paulo', null];

export function organizationId(companyIndex: number): number {
  return IDS.organization + companyIndex;
}

/** The seeded organizations: the shared seed companies, so domains match the Salesforce accounts. */
export function rawOrganization(index: number): Record<string, unknown> {
  const company = SEED_COMPANIES[index];
  if (company === undefined) throw new RangeError(`no organization ${index}`);
  const at = new Date((BASE_TIME - 90 * 86_400 + index * 3_600) * 1000).toISOString().replace('.000', '');
  return {
    id: organizationId(index),
    url: `https://casebridge-sandbox.zendesk.com/api/v2/organizations/${organizationId(index)}.json`,
    external_id: null,
    name: company.name,
    shared_tickets: false,
    shared_comments: false,
    domain_names: [company.domain],
    details: '',
    notes: '',
    group_id: null,
    organization_fields: { tier: company.tier },
    tags: [company.tier],
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
}

export function organizationCount(): number {
  return SEED_COMPANIES.length;
}

/** Users: 10 agents (the first an admin), the Zendesk seed customers, then generated end users. */
export function userCount(size: number): number {
  return AGENTS + ZENDESK_CUSTOMERS.length + Math.floor(size / 25);
}

export function endUserCount(size: number): number {
  return userCount(size) - AGENTS;
}

export function userUpdatedAt(index: number): number {
  return BASE_TIME - 60 * 86_400 + index * 30;
}

export function rawUser(seed: number, index: number): Record<string, unknown> {
  const random = prng(seed, index, 7);
  const id = IDS.user + index;
  const at = new Date(userUpdatedAt(index) * 1000).toISOString().replace('.000', '');
  const base = {
    id,
    url: `https://casebridge-sandbox.zendesk.com/api/v2/users/${id}.json`,
    active: true,
    suspended: false,
    verified: true,
    created_at: at,
    updated_at: at,
    external_id: null,
    tags: [],
    user_fields: {},
  };
  const zone = pick(random, ZONES);
  if (index < AGENTS) {
    const name = `${pick(random, FIRST)} ${pick(random, LAST)}`;
    return {
      ...base,
      name,
      email: index === 0 ? SANDBOX_ADMIN_EMAIL : `agent${index}@casebridge-sandbox.example`,
      role: index === 0 ? 'admin' : 'agent',
      organization_id: null,
      phone: null,
      time_zone: zone ?? 'UTC',
      iana_time_zone: zone ?? 'Etc/UTC',
    };
  }
  const customer = ZENDESK_CUSTOMERS[index - AGENTS];
  if (customer !== undefined) {
    return {
      ...base,
      name: `${customer.firstName} ${customer.lastName}`,
      email: customer.email,
      role: 'end-user',
      organization_id: userOrganizationId(seed, index),
      phone: random() < 0.5 ? `+1 555 01${String(index).padStart(2, '0')}` : null,
      time_zone: zone,
      iana_time_zone: zone,
    };
  }
  const n = index - AGENTS - ZENDESK_CUSTOMERS.length;
  return {
    ...base,
    name: random() < 0.05 ? null : `${pick(random, FIRST)} ${pick(random, LAST)}`,
    email: random() < 0.1 ? null : `customer${n}@mail.example`,
    role: 'end-user',
    organization_id: userOrganizationId(seed, index),
    phone: null,
    time_zone: zone,
    iana_time_zone: zone,
  };
}

/**
 * A user's organization without building the user: tickets need it for every row, so it has its
 * own random stream (salt 8) and stays cheap.
 */
export function userOrganizationId(seed: number, index: number): number | null {
  if (index < AGENTS) return null;
  const customer = ZENDESK_CUSTOMERS[index - AGENTS];
  if (customer !== undefined) return organizationId(SEED_COMPANIES.indexOf(customer.company));
  const random = prng(seed, index, 8);
  return random() < 0.5 ? organizationId(Math.floor(random() * SEED_COMPANIES.length)) : null;
}

export function agentId(random: () => number): number {
  return IDS.user + 1 + Math.floor(random() * (AGENTS - 1));
}
