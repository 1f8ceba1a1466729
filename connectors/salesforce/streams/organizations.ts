import { defineStream } from '../../../shared/sync/contract.js';
import type { SalesforceConnection } from '../config.js';
import { SalesforceMapper } from '../map.js';
import { ACCOUNT_FIELDS, RawAccount } from '../raw.js';
import { openEnv, toPage } from './env.js';
import { ObjectCheckpoint, readObject } from './incremental.js';

/** Accounts → organizations (domain from Website; tier from `accountTierField` when configured). */
export const organizationsStream = defineStream<SalesforceConnection, ObjectCheckpoint>({
  name: 'organizations',
  checkpointSchema: ObjectCheckpoint,
  async *read(context) {
    const env = await openEnv(context);
    const mapper = new SalesforceMapper(env.connection, context.log);
    const { accountTierField } = env.connection;
    const spec = {
      object: 'Account',
      fields: accountTierField === undefined ? ACCOUNT_FIELDS : [...ACCOUNT_FIELDS, accountTierField],
      schema: RawAccount,
      scanAll: true,
      map: (raw: RawAccount, record: Record<string, unknown>) => mapper.account(raw, record),
    };
    for await (const batch of readObject(env, spec, context.checkpoint)) {
      yield toPage('organizations', batch, batch.checkpoint);
    }
  },
});
