import type { SyncedEntity } from '../domain/index.js';
import { maskCardNumbers, maskCardNumbersDeep } from '../privacy/card-numbers.js';
import { applyKnowledgeBatch } from '../services/sop/import.js';
import type { Repositories, RunCounts } from '../store/index.js';
import type { Page, PageRecords } from './contract.js';

export interface PageTarget {
  jobId: string;
  stream: string;
  source: string;
  runId: number;
}

/**
 * Writes one page — upserts, deletes, quarantined records, the checkpoint and the run's counts —
 * through repositories bound to one transaction. Card numbers are masked here, at the single door
 * every connector's records pass through, so no connector can forget it.
 */
export async function applyPage(
  tx: Repositories,
  target: PageTarget,
  page: Page<unknown>,
): Promise<RunCounts> {
  const records = maskRecords(page.records);
  assertSource(records, target.source);
  let upserted = 0;
  if (records.organizations)
    upserted += await write(records.organizations, (r) => tx.organizations.upsertMany(r));
  if (records.people) upserted += await write(records.people, (r) => tx.people.upsertMany(r));
  if (records.tickets) upserted += await write(records.tickets, (r) => tx.tickets.upsertMany(r));
  if (records.comments) upserted += await write(records.comments, (r) => tx.comments.upsertMany(r));
  if (records.sla) upserted += await write(records.sla, (r) => tx.slaTargets.upsertMany(r));

  let deleted = 0;
  for (const [entity, ids] of Object.entries(page.deletes ?? {}) as [SyncedEntity, string[]][]) {
    deleted += ids.length;
    await deleteRecords(tx, entity, target.source, ids);
  }

  const quarantined = [...(page.quarantined ?? [])];
  if (page.knowledge !== undefined) {
    // Knowledge articles become SOPs; card numbers are masked in there, as everywhere at this door.
    const imported = await applyKnowledgeBatch(tx, target.source, page.knowledge, new Date().toISOString());
    upserted += imported.upserted;
    deleted += imported.removed;
    quarantined.push(...imported.refused);
  }
  await tx.quarantine.add(
    quarantined.map((q) => ({
      jobId: target.jobId,
      stream: target.stream,
      source: target.source,
      externalId: q.externalId,
      reason: maskCardNumbers(q.reason),
      raw: maskCardNumbersDeep(q.raw),
    })),
  );
  await tx.syncState.set(target.jobId, target.stream, page.checkpoint);
  const counts = { upserted, deleted, quarantined: quarantined.length, pages: 1 };
  await tx.syncRuns.addCounts(target.runId, counts);
  return counts;
}

async function write<T>(records: T[], upsert: (records: T[]) => Promise<void>): Promise<number> {
  if (records.length > 0) await upsert(records);
  return records.length;
}

function deleteRecords(tx: Repositories, entity: SyncedEntity, source: string, ids: string[]): Promise<void> {
  switch (entity) {
    case 'tickets':
      return tx.tickets.markDeleted(source, ids);
    case 'people':
      return tx.people.deleteMany(source, ids);
    case 'organizations':
      return tx.organizations.deleteMany(source, ids);
    case 'comments':
      return tx.comments.deleteMany(source, ids);
    case 'sla':
      return tx.slaTargets.deleteMany(source, ids);
  }
}

function maskRecords(records: PageRecords): PageRecords {
  const masked: PageRecords = { ...records };
  if (records.tickets) {
    masked.tickets = records.tickets.map((t) => ({
      ...t,
      subject: t.subject === null ? null : maskCardNumbers(t.subject),
      description: t.description === null ? null : maskCardNumbers(t.description),
      customFields: maskCardNumbersDeep(t.customFields),
      satisfaction: t.satisfaction && {
        ...t.satisfaction,
        comment: t.satisfaction.comment && maskCardNumbers(t.satisfaction.comment),
      },
    }));
  }
  if (records.comments)
    masked.comments = records.comments.map((c) => ({ ...c, body: maskCardNumbers(c.body) }));
  return masked;
}

function assertSource(records: PageRecords, source: string): void {
  for (const list of Object.values(records)) {
    for (const record of list ?? []) {
      if (record.source !== source) {
        throw new Error(
          `connector bug: a record with source "${record.source}" arrived in a sync of connection "${source}"`,
        );
      }
    }
  }
}
