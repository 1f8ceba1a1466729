import type { SyncedEntity } from '../../../shared/domain/index.js';
import type { Page, PageRecords, StreamContext } from '../../../shared/sync/contract.js';
import { SalesforceClient } from '../client.js';
import { parseConnection, type SalesforceConnection } from '../config.js';
import type { Batch, ReadEnv } from './incremental.js';

/** What a stream's read needs: an authenticated client (token reused from state) and the run's bounds. */
export async function openEnv(context: StreamContext<SalesforceConnection, unknown>): Promise<ReadEnv> {
  const connection = parseConnection(context.connection);
  const client = await SalesforceClient.connect(connection, {
    state: context.state,
    log: context.log,
    signal: context.signal,
  });
  return {
    client,
    connection,
    log: context.log,
    runStart: context.now(),
    startFrom: context.startFrom,
  };
}

/** A batch of one object as a runner page of `entity`, with the stream's whole checkpoint. */
export function toPage<C>(entity: SyncedEntity, batch: Batch<unknown>, checkpoint: C): Page<C> {
  return {
    records: { [entity]: batch.records } as PageRecords,
    deletes: { [entity]: batch.deleted },
    quarantined: batch.quarantined,
    checkpoint,
    ...(batch.remaining === undefined ? {} : { remaining: batch.remaining }),
  };
}
