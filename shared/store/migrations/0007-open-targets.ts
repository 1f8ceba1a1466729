import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Today's SLA status counts the breaches still open from earlier days. "Due before today" matches
 * almost every target ever stored, so a plain index cannot help; the open, unachieved ones are a
 * small set, and a partial, covering index over just those keeps the count fast at millions of
 * targets. Organization domains get their own table so customers match companies without a scan.
 */
export const openTargets: Migration = {
  version: 7,
  name: 'open-targets',
  async up(db: Kysely<unknown>, dialect) {
    // The plain index made "achieved_at is null" look like ~2 rows to SQLite's planner (its
    // statistics keep no skew), which then chose it over the open-targets index for millions of
    // rows. Range queries on achieved_at imply "not null", so a partial index still serves them.
    await sql`drop index sla_targets_by_achieved`.execute(db);
    await sql`create index sla_targets_by_achieved on sla_targets (achieved_at) where achieved_at is not null`.execute(
      db,
    );
    // Covering (every column the count reads), so it is answered from the indexes alone.
    await sql`create index sla_targets_open_by_due on sla_targets (due_at, ticket_id, origin, breached_at)
      where achieved_at is null and stage in ('active', 'breached')`.execute(db);
    await sql`create index sla_targets_native_by_ticket on sla_targets (ticket_id) where origin = 'native'`.execute(
      db,
    );
    await db.schema
      .createIndex('tickets_open_cover')
      .on('tickets')
      .columns(['id', 'status', 'deleted', 'group_id', 'priority'])
      .execute();

    await db.schema
      .createTable('organization_domains')
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('organization_domains_pk', ['domain', 'organization_id'])
      .execute();
    await db.schema
      .createIndex('organization_domains_by_org')
      .on('organization_domains')
      .column('organization_id')
      .execute();
    const elements =
      dialect === 'postgres'
        ? sql`jsonb_array_elements_text(o.domains) as d(value)`
        : sql`json_each(o.domains) as d`;
    await sql`insert into organization_domains (domain, organization_id)
      select distinct lower(d.value), o.id from organizations o, ${elements}`.execute(db);
  },
};
