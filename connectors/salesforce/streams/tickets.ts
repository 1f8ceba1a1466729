import { defineStream } from '../../../shared/sync/contract.js';
import type { SalesforceConnection } from '../config.js';
import { SalesforceMapper } from '../map.js';
import { CASE_FIELDS, RawCase } from '../raw.js';
import { openEnv, toPage } from './env.js';
import { ObjectCheckpoint, readObject } from './incremental.js';

/** Cases → tickets, incrementally on SystemModstamp via queryAll (deleted cases become tombstones). */
export const ticketsStream = defineStream<SalesforceConnection, ObjectCheckpoint>({
  name: 'tickets',
  checkpointSchema: ObjectCheckpoint,
  async *read(context) {
    const env = await openEnv(context);
    const mapper = new SalesforceMapper(env.connection, context.log);
    const { tagsField } = env.connection;
    const spec = {
      object: 'Case',
      fields: tagsField === undefined ? CASE_FIELDS : [...CASE_FIELDS, tagsField],
      schema: RawCase,
      scanAll: true,
      map: (raw: RawCase, record: Record<string, unknown>) => mapper.ticket(raw, record),
    };
    for await (const batch of readObject(env, spec, context.checkpoint)) {
      yield toPage('tickets', batch, batch.checkpoint);
    }
  },
});
