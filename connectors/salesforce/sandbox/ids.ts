const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Key prefixes of the objects the sandbox serves (the first three characters of an Id). */
export const PREFIX = {
  Account: '001',
  Contact: '003',
  User: '005',
  Group: '00G',
  Case: '500',
  CaseComment: '00a',
  EmailMessage: '02s',
  CaseMilestone: '11h',
  MilestoneType: '557',
  Topic: '0TO',
  TopicAssignment: '0FT',
  Job: '750',
  Knowledge__kav: 'ka0',
  KnowledgeArticle: 'kA0',
  Knowledge__DataCategorySelection: '02o',
} as const;
export type SandboxObject = keyof typeof PREFIX;

/**
 * An 18-character Salesforce-style Id whose order matches `index` (fixed-width base 62, ASCII
 * order), so "ORDER BY Id" and generation order agree.
 */
export function sfId(object: SandboxObject, index: number): string {
  let n = index;
  let digits = '';
  for (let i = 0; i < 10; i++) {
    digits = ALPHABET[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  return `${PREFIX[object]}5g${digits}AAA`;
}

/** The index an Id was made from, or null when it is not one of this object's Ids. */
export function indexOfId(object: SandboxObject, id: string): number | null {
  if (!id.startsWith(PREFIX[object]) || id.length !== 18) return null;
  let n = 0;
  for (const char of id.slice(5, 15)) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return null;
    n = n * 62 + digit;
  }
  return n;
}

/** Salesforce's JSON datetime: `2024-01-05T09:00:00.000+0000`. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A deterministic number in [0, 1) for (seed, index, salt): records are generated in any order. */
export function hashRandom(seed: number, index: number, salt: number): number {
  let t = (seed * 0x9e3779b1 + index * 0x85ebca77 + salt * 0xc2b2ae3d) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length) % list.length] as T;
}
