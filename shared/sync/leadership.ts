import { sql } from 'kysely';
import type { Store } from '../store/index.js';

export interface Leadership {
  stop(): Promise<void>;
}

/**
 * With several `casebridge start` processes on one PostgreSQL database, only one schedules (the
 * others would enqueue the same runs). The leader holds a session advisory lock on a connection
 * kept for as long as it leads; when it dies the server frees the lock and another process, which
 * retries every `retryMs`, takes over. SQLite has one process by design, which always leads.
 */
export function lead(store: Store, onLead: () => () => Promise<void>, retryMs = 15_000): Leadership {
  if (store.dialect !== 'postgres') {
    const stopLeading = onLead();
    return { stop: stopLeading };
  }
  let stopped = false;
  let release: (() => void) | null = null;
  let retry: NodeJS.Timeout | null = null;
  let held: Promise<void> = Promise.resolve();

  const attempt = () => {
    held = store.db
      .connection()
      .execute(async (connection) => {
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_lock(hashtext('casebridge-scheduler')) as locked`.execute(connection);
        if (rows[0]?.locked !== true) return false;
        const stopLeading = onLead();
        await new Promise<void>((resolve) => {
          release = resolve;
          if (stopped) resolve();
        });
        await stopLeading();
        await sql`select pg_advisory_unlock(hashtext('casebridge-scheduler'))`.execute(connection);
        return true;
      })
      .then((led) => {
        if (!led && !stopped) retry = setTimeout(attempt, retryMs);
      });
  };
  attempt();
  return {
    async stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      (release as (() => void) | null)?.();
      await held;
    },
  };
}
