import { Writable } from 'node:stream';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';

export const silentLog = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

/** Everything a store holds, by entity, in id order. */
export async function dump(store: Store) {
  const all = async <T>(iterator: AsyncGenerator<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of iterator) out.push(item);
    return out;
  };
  return {
    tickets: await all(store.tickets.iterate()),
    people: await all(store.people.iterate()),
    organizations: await all(store.organizations.iterate()),
    comments: await all(store.comments.iterate()),
    sla: await all(store.slaTargets.iterate()),
  };
}

export function zendeskJob(id: string, connection: string, streams: string[]) {
  return { id, connection, streams, startFrom: '2024-01-01', enabled: true };
}
