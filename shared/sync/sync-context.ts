import { AsyncLocalStorage } from 'node:async_hooks';

/** The job and stream a piece of async work belongs to (set by the runner around each stream). */
export interface SyncContext {
  jobId: string;
  stream: string;
}

// One carrier for the whole process, like a logger's context: it holds no connection, only tags
// work, so request metrics can be labelled by job and stream without every connector passing them.
const storage = new AsyncLocalStorage<SyncContext>();

export function withSyncContext<T>(context: SyncContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

export function currentSyncContext(): SyncContext | undefined {
  return storage.getStore();
}
