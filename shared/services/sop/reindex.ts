import { existsSync, statSync } from 'node:fs';
import { CasebridgeError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { IndexedSop, SopIndexEntry, SopRuleTerm } from '../../store/repositories/sops.js';
import type { SopRule } from './front-matter.js';
import { stripMarks, words } from './query.js';
import {
  duplicateIdError,
  isLoadError,
  listSopFiles,
  parseSopFile,
  type SopDocument,
  type SopLoadError,
} from './source.js';
import { forgetWordFrequencies } from './word-frequency.js';

export interface ReindexResult {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  errors: SopLoadError[];
}

/**
 * Brings the index in line with the folder (its file SOPs only), touching only what changed: files are compared by
 * content hash, so an unchanged file is not even parsed. A file that now fails to parse keeps its
 * last good version indexed (a broken edit must not make a procedure vanish) and is reported.
 */
export async function reindexSops(
  store: Store,
  folder: string,
  options: { now?: Date } = {},
): Promise<ReindexResult> {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CasebridgeError('sop.folder', `the SOP folder ${folder} does not exist`, {
      hint: 'create it, or set `sop.folder` in casebridge.yaml to the folder holding your SOP Markdown files',
    });
  const files = listSopFiles(folder);
  // Only SOPs that came from files are the folder's to update or remove: articles imported from a
  // CRM's knowledge base (`import.ts`) stay whatever the folder holds. A file whose id an imported
  // SOP has replaces it (files are the team's own source of truth); the import then leaves it be.
  const origins = await store.sops.origins();
  const indexed = (await store.sops.list()).filter((sop) => origins.get(sop.id)?.kind !== 'import');
  const byPath = new Map(indexed.map((sop) => [sop.path, sop]));
  const claimed = new Map<string, string>();
  const changed: SopDocument[] = [];
  const errors: SopLoadError[] = [];
  let unchanged = 0;
  for (const file of files) {
    const current = byPath.get(file.path);
    if (current !== undefined && current.hash === file.hash) {
      claimed.set(current.id, file.path);
      unchanged++;
    }
  }
  for (const file of files) {
    const current = byPath.get(file.path);
    if (current !== undefined && current.hash === file.hash) continue;
    const result = parseSopFile(file);
    if (isLoadError(result)) {
      errors.push(result);
      if (current !== undefined) claimed.set(current.id, file.path);
      continue;
    }
    const owner = claimed.get(result.id);
    if (owner !== undefined) {
      errors.push(duplicateIdError(file.path, result.id, owner));
      continue;
    }
    claimed.set(result.id, file.path);
    changed.push(result);
  }
  const indexedIds = new Set(indexed.map((sop) => sop.id));
  // A Set, not changed.some(): a reindex that touches the whole library compares n × n otherwise.
  const changedIds = new Set(changed.map((d) => d.id));
  const removed = indexed.filter((sop) => claimed.get(sop.id) !== sop.path && !changedIds.has(sop.id));
  const verified = await store.sops.latestVerifications();
  const at = (options.now ?? new Date()).toISOString();
  await store.transaction(async (tx) => {
    await tx.sops.remove(removed.map((sop) => sop.id));
    for (const doc of changed) await tx.sops.put(indexEntry(doc, verified.get(doc.id) ?? null), at);
  });
  if (changed.length + removed.length > 0) {
    await store.sops.refreshStatistics();
    forgetWordFrequencies(store);
  }
  return {
    added: changed.filter((d) => !indexedIds.has(d.id)).map((d) => d.id),
    updated: changed.filter((d) => indexedIds.has(d.id)).map((d) => d.id),
    removed: removed.map((sop) => sop.id),
    unchanged,
    errors,
  };
}

export function indexEntry(doc: SopDocument, lastVerification: string | null): SopIndexEntry {
  const ruleWords = doc.appliesTo.flatMap((rule) => [...(rule.tags ?? []), ...(rule.keywords ?? [])]);
  return {
    id: doc.id,
    path: doc.path,
    hash: doc.hash,
    title: doc.title,
    tags: doc.tags,
    appliesTo: doc.appliesTo,
    owner: doc.owner,
    version: doc.version,
    reviewIntervalDays: doc.reviewIntervalDays,
    lastVerified: latest(
      doc.lastVerified === null ? null : new Date(doc.lastVerified).toISOString(),
      lastVerification,
    ),
    body: doc.body,
    plainText: stripMarks(doc.plainText),
    searchTags: [...doc.tags, ...ruleWords].join(' '),
    ruleTerms: ruleTerms(doc.appliesTo),
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/**
 * What `ruleCandidates` looks up: rule tags, each keyword by its first word with the whole phrase
 * beside it, or `any` for rules with neither.
 */
export function ruleTerms(rules: readonly SopRule[]): SopRuleTerm[] {
  const terms = new Map<string, SopRuleTerm>();
  const add = (kind: string, term: string, phrase: string | null = null) =>
    terms.set(`${kind}:${term}:${phrase ?? ''}`, { kind, term, phrase });
  for (const rule of rules) {
    for (const tag of rule.tags ?? []) add('tag', tag.toLowerCase());
    for (const keyword of rule.keywords ?? []) {
      const phrase = words(keyword);
      if (phrase[0] !== undefined) add('keyword', phrase[0], phrase.join(' '));
    }
    if ((rule.tags ?? []).length === 0 && (rule.keywords ?? []).length === 0) add('any', '*');
  }
  return [...terms.values()];
}

export type { IndexedSop };
