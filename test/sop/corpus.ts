import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SopSpec {
  id: string;
  title: string;
  tags?: string[];
  appliesTo?: string;
  owner?: string;
  lastVerified?: string;
  reviewIntervalDays?: number;
  body: string;
}

export function sopText(spec: SopSpec): string {
  const lines = [
    '---',
    `id: ${spec.id}`,
    `title: ${JSON.stringify(spec.title)}`,
    `tags: [${(spec.tags ?? []).join(', ')}]`,
    `owner: ${spec.owner ?? 'support-ops@acme.test'}`,
    `reviewIntervalDays: ${spec.reviewIntervalDays ?? 90}`,
    ...(spec.lastVerified === undefined ? [] : [`lastVerified: ${spec.lastVerified}`]),
    ...(spec.appliesTo === undefined ? [] : [`appliesTo:\n${spec.appliesTo}`]),
    '---',
    spec.body,
  ];
  return `${lines.join('\n')}\n`;
}

/** A temp folder with these files (path → text or bytes). */
export function sopFolder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-sops-'));
  for (const [path, content] of Object.entries(files)) writeSop(dir, path, content);
  return dir;
}

export function writeSop(dir: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/** The ranking corpus: which SOP a query should find first is obvious to a person. */
export const CORPUS: SopSpec[] = [
  {
    id: 'refund-request',
    title: 'Refund request',
    tags: [refundTag()],
    appliesTo: '  tags: [refund]\n  keywords: [refund, money back]',
    lastVerified: '2026-01-01',
    body: '# Steps\n\n1. Find the order and check the refund window (30 days).\n2. Issue the refund to the original payment method.\n3. Tell the customer when the money arrives.',
  },
  {
    id: 'chargeback',
    title: 'Chargeback with card data',
    tags: ['billing', 'chargeback'],
    appliesTo: '  tags: [chargeback, dispute]',
    lastVerified: '2026-01-01',
    body: 'A chargeback is a dispute raised with the bank. Never ask for the full card number. A refund after a chargeback pays twice.',
  },
  {
    id: 'account-lockout',
    title: 'Account lockout',
    tags: ['login'],
    appliesTo: '  keywords: [locked out, "can\'t log in"]\n  channel: [email, chat, web]',
    lastVerified: '2025-06-01',
    body: '1. Verify the identity of the account owner.\n2. Unlock the account and reset the password.',
  },
  {
    id: 'outage-communication',
    title: 'Outage communication',
    tags: ['incident'],
    appliesTo: '  priority: [urgent]',
    body: 'Post the status page update within 15 minutes. Link tickets to the incident.',
  },
];

function refundTag(): string {
  return 'refund';
}
