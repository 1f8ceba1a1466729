import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Where an indexed SOP comes from: `file` (the SOP folder; every row before this migration) or
 * `import` (a knowledge article synced from a CRM: `origin_source` is the connection id and
 * `external_id` the CRM's article id). A folder reindex only ever removes `file` rows and an
 * import only ever removes `import` rows of its own connection.
 */
export const sopOrigin: Migration = {
  version: 9,
  name: 'sop-origin',
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sops')
      .addColumn('origin', 'text', (c) => c.notNull().defaultTo('file'))
      .execute();
    await db.schema.alterTable('sops').addColumn('origin_source', 'text').execute();
    await db.schema.alterTable('sops').addColumn('external_id', 'text').execute();
    await db.schema
      .createIndex('sops_by_origin')
      .on('sops')
      .columns(['origin', 'origin_source', 'external_id'])
      .execute();
  },
};
