/**
 * Customers both CRM sandboxes seed from, so the demo shows one customer across Zendesk and
 * Salesforce: the same person (same email, different case) and the same company (same domain).
 * Deterministic: the order and content never change between runs.
 */
export interface SeedCompany {
  name: string;
  domain: string;
  tier: 'vip' | 'enterprise' | 'standard';
}

export interface SeedCustomer {
  firstName: string;
  lastName: string;
  email: string;
  company: SeedCompany;
  /** Present in the Zendesk sandbox, the Salesforce sandbox, or both. */
  crms: readonly ('zendesk' | 'salesforce')[];
}

export const SEED_COMPANIES: readonly SeedCompany[] = [
  { name: 'Northwind Traders', domain: 'northwind.example', tier: 'vip' },
  { name: 'Globex Corporation', domain: 'globex.example', tier: 'enterprise' },
  { name: 'Initech', domain: 'initech.example', tier: 'standard' },
  { name: 'Umbrella Health', domain: 'umbrella-health.example', tier: 'enterprise' },
  { name: 'Stark Logistics', domain: 'starklogistics.example', tier: 'vip' },
  { name: 'Wayne Retail', domain: 'wayneretail.example', tier: 'standard' },
  { name: 'Acme Outdoor', domain: 'acme-outdoor.example', tier: 'standard' },
  { name: 'Hooli Cloud', domain: 'hooli.example', tier: 'enterprise' },
];

const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'Dmitri',
  'Emeka',
  'Fatima',
  'Grace',
  'Hiro',
  'Ingrid',
  'José',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Owen',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'Silva',
  'Okafor',
  'Müller',
  'Nakamura',
  'Kowalski',
  'Haddad',
  'Lindqvist',
  'García',
  'Osei',
  'Petrov',
];

/** 60 customers: every third one exists in both CRMs (same email), the rest in one of them. */
export const SEED_CUSTOMERS: readonly SeedCustomer[] = Array.from({ length: 60 }, (_, i) => {
  const firstName = FIRST[i % FIRST.length] as string;
  const lastName = LAST[(i * 7) % LAST.length] as string;
  const company = SEED_COMPANIES[i % SEED_COMPANIES.length] as SeedCompany;
  const local = `${firstName}.${lastName}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  const crms =
    i % 3 === 0
      ? (['zendesk', 'salesforce'] as const)
      : i % 3 === 1
        ? (['zendesk'] as const)
        : (['salesforce'] as const);
  return { firstName, lastName, email: `${local}${i}@${company.domain}`, company, crms };
});
