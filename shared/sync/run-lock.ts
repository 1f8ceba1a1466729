import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { CasebridgeError } from '../errors.js';
import type { Store } from '../store/index.js';

const HEARTBEAT_MS = 5_000;
const STALE_AFTER_MS = 30_000;

/**
 * Runs `work` while holding the job's run lock, so a job never runs twice at once — across
 * processes too. PostgreSQL: a session advisory lock on a connection held for the run (the server
 * frees it if the process dies). SQLite: a lock row with a heartbeat; a dead holder's row goes stale.
 */
export async function withRunLock<T>(store: Store, jobId: string, work: () => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.connection().execute(async (connection) => {
      const key = `casebridge-job:${jobId}`;
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(hashtext(${key})) as locked`.execute(connection);
      if (rows[0]?.locked !== true) throw busy(jobId);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
      }
    });
  }
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  if (!(await acquireSqliteLock(store, jobId, owner))) throw busy(jobId);
  const heartbeat = setInterval(
    () => void store.jobLocks.heartbeat(jobId, owner).catch(() => undefined),
    HEARTBEAT_MS,
  );
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await store.jobLocks.release(jobId, owner);
  }
}

/** SQLite lives on one machine: a holder whose process is gone (SIGKILL) need not wait to go stale. */
async function acquireSqliteLock(store: Store, jobId: string, owner: string): Promise<boolean> {
  if (await store.jobLocks.tryAcquire(jobId, owner, STALE_AFTER_MS)) return true;
  const holder = await store.jobLocks.owner(jobId);
  if (holder === null) return store.jobLocks.tryAcquire(jobId, owner, STALE_AFTER_MS);
  const [host, pid] = holder.split(':');
  if (host !== hostname() || processAlive(Number(pid))) return false;
  return store.jobLocks.takeOver(jobId, holder, owner);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(jobId: string): CasebridgeError {
  return new CasebridgeError('sync.busy', `job ${jobId} is already running in another casebridge process`, {
    hint: 'wait for that run to finish; `casebridge jobs` shows it',
  });
}
