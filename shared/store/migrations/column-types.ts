import { sql } from 'kysely';
import type { Dialect } from '../database.js';

/** Column types that differ between the two stores; everything else is portable SQL. */
export function columnTypes(dialect: Dialect) {
  return {
    json: dialect === 'postgres' ? sql`jsonb` : sql`text`,
    bool: dialect === 'postgres' ? sql`boolean` : sql`integer`,
    serial: dialect === 'postgres' ? sql`bigserial` : sql`integer`,
  } as const;
}
