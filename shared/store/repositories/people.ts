import type { Kysely, Selectable } from 'kysely';
import { normaliseEmail, type Person, type PersonRole } from '../../domain/index.js';
import type { Database, PeopleTable } from '../schema.js';
import type { FastWriter } from '../sqlite-fast-writer.js';
import { iterateById, upsertBySourceKey } from './upsert.js';

export function personToRow(p: Person): PeopleTable {
  return {
    id: p.id,
    source: p.source,
    external_id: p.externalId,
    name: p.name,
    email: p.email,
    email_normalised: normaliseEmail(p.email),
    phone: p.phone,
    organization_id: p.organizationId,
    role: p.role,
    time_zone: p.timeZone,
  };
}

export function personFromRow(r: Selectable<PeopleTable>): Person {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    organizationId: r.organization_id,
    role: r.role as PersonRole,
    timeZone: r.time_zone,
  };
}

export function createPeopleRepository(db: Kysely<Database>, fast: FastWriter | null = null) {
  return {
    async upsertMany(people: readonly Person[]): Promise<void> {
      await upsertBySourceKey(
        db,
        'people',
        people.map((p) => personToRow(p) as unknown as Record<string, unknown>),
        {},
        fast,
      );
    },

    async deleteMany(source: string, externalIds: readonly string[]): Promise<void> {
      if (externalIds.length === 0) return;
      await db
        .deleteFrom('people')
        .where('source', '=', source)
        .where('external_id', 'in', [...externalIds])
        .execute();
    },

    async getMany(ids: readonly string[]): Promise<Person[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('people')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(personFromRow);
    },

    async get(id: string): Promise<Person | null> {
      const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? null : personFromRow(row);
    },

    /** Everyone with this email in any CRM: the basis of "one customer across CRMs". */
    async findByEmail(email: string): Promise<Person[]> {
      const normalised = normaliseEmail(email);
      if (normalised === null) return [];
      const rows = await db
        .selectFrom('people')
        .selectAll()
        .where('email_normalised', '=', normalised)
        .orderBy('id')
        .execute();
      return rows.map(personFromRow);
    },

    iterate(): AsyncGenerator<Person> {
      return iterateById(
        async (after, limit) => {
          let query = db.selectFrom('people').selectAll().orderBy('id').limit(limit);
          if (after !== null) query = query.where('id', '>', after);
          return (await query.execute()).map(personFromRow);
        },
        (p) => p.id,
      );
    },
  };
}
export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
