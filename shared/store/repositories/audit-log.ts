import type { Kysely } from 'kysely';
import { type Codec, readJson } from '../codec.js';
import type { Database } from '../schema.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** Who did what, when: every admin action and every write-back to a CRM. Append-only. */
export function createAuditLogRepository(db: Kysely<Database>, codec: Codec) {
  return {
    async record(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at ?? new Date().toISOString(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          details: codec.json(entry.details),
        })
        .execute();
    },

    async recent(limit = 50): Promise<AuditEntry[]> {
      const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: readJson<Record<string, unknown>>(r.details),
      }));
    },
  };
}
export type AuditLogRepository = ReturnType<typeof createAuditLogRepository>;
