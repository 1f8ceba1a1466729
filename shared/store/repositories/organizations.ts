import type { Kysely, Selectable } from 'kysely';
import type { Organization } from '../../domain/index.js';
import { type Codec, readJson } from '../codec.js';
import type { Database, OrganizationsTable } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';
import { iterateById, upsertBySourceKey } from './upsert.js';

export function organizationToRow(o: Organization, codec: Codec): OrganizationsTable {
  return {
    id: o.id,
    source: o.source,
    external_id: o.externalId,
    name: o.name,
    domains: codec.json(o.domains),
    tier: o.tier,
  };
}

export function organizationFromRow(r: Selectable<OrganizationsTable>): Organization {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    name: r.name,
    domains: readJson<string[]>(r.domains),
    tier: r.tier,
  };
}

export function createOrganizationsRepository(
  db: Kysely<Database>,
  codec: Codec,
  fast: FastWriter | null = null,
) {
  /** The lookup table behind `findByDomain`, rewritten for the organizations just upserted. */
  const replaceDomains = async (organizations: readonly Organization[]) => {
    if (organizations.length === 0) return;
    await db
      .deleteFrom('organization_domains')
      .where(
        'organization_id',
        'in',
        organizations.map((o) => o.id),
      )
      .execute();
    const rows = [
      ...new Map(
        organizations.flatMap((o) =>
          o.domains.map((d) => [
            `${d.toLowerCase()}|${o.id}`,
            { domain: d.toLowerCase(), organization_id: o.id },
          ]),
        ),
      ).values(),
    ];
    for (let i = 0; i < rows.length; i += 5000)
      await db
        .insertInto('organization_domains')
        .values(rows.slice(i, i + 5000))
        .execute();
  };

  return {
    async upsertMany(organizations: readonly Organization[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'organizations',
        organizations.map((o) => organizationToRow(o, codec) as unknown as Record<string, unknown>),
        {},
        fast,
      );
      await replaceDomains(organizations);
    },

    async deleteMany(source: string, externalIds: readonly string[]): Promise<void> {
      if (externalIds.length === 0) return;
      const ids = externalIds.map((e) => `${source}:${e}`);
      await db.deleteFrom('organization_domains').where('organization_id', 'in', ids).execute();
      await db
        .deleteFrom('organizations')
        .where('source', '=', source)
        .where('external_id', 'in', [...externalIds])
        .execute();
    },

    async getMany(ids: readonly string[]): Promise<Organization[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('organizations')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(organizationFromRow);
    },

    /** Organizations in any CRM that list this email domain (one company across CRMs). */
    async findByDomain(domain: string): Promise<Organization[]> {
      const rows = await db
        .selectFrom('organization_domains as d')
        .innerJoin('organizations as o', 'o.id', 'd.organization_id')
        .selectAll('o')
        .where('d.domain', '=', domain.toLowerCase())
        .orderBy('o.id')
        .execute();
      return rows.map(organizationFromRow);
    },

    async get(id: string): Promise<Organization | null> {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : organizationFromRow(row);
    },

    iterate(): AsyncGenerator<Organization> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('organizations').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(organizationFromRow);
        },
        (o) => o.id,
      );
    },
  };
}
export type OrganizationsRepository = ReturnType<typeof createOrganizationsRepository>;
