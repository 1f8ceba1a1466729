import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import type { Logger } from '../shared/log/logger.js';
import { describeLoadError, type ReindexResult, reindexSops } from '../shared/services/sop/index.js';
import type { Store } from '../shared/store/index.js';

export interface SopWatcherOptions {
  store: Store;
  /** Absolute path of the SOP folder (`sopFolder(config.sop, baseDir)`). */
  folder: string;
  log: Logger;
  /** Quiet time after the last change before reindexing: an editor's save or a git pull is many events. */
  debounceMs?: number;
  /** How often to look for the folder while it does not exist. */
  pollMs?: number;
  /** First wait before retrying a failed reindex (doubles, up to 5 minutes). */
  retryMs?: number;
}

export interface SopWatcher {
  /** Stops watching; a reindex in progress finishes first. */
  stop(): Promise<void>;
}

const MAX_RETRY_MS = 5 * 60_000;

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();
/** Dot-files and dot-folders (`.git`, editors' swap files) are never SOPs. */
const ignored = (file: string | null): boolean =>
  file?.split(/[\\/]/).some((part) => part.startsWith('.')) ?? false;

function logResult(log: Logger, result: ReindexResult, initial: boolean): void {
  const changed = result.added.length + result.updated.length + result.removed.length;
  if (initial || changed > 0)
    log.info(
      { added: result.added, updated: result.updated, removed: result.removed, unchanged: result.unchanged },
      `SOPs indexed: ${result.added.length} added, ${result.updated.length} updated, ${result.removed.length} removed, ${result.unchanged} unchanged`,
    );
  for (const error of result.errors)
    log.warn({ path: error.path, line: error.line }, `SOP file refused: ${describeLoadError(error)}`);
}

/**
 * Keeps the SOP index in line with the folder while casebridge runs: one reindex before serving,
 * then an incremental one (`reindexSops` touches only changed files) a moment after files change.
 * A missing folder is waited for; a failed reindex (a database hiccup, or another process indexing
 * the same change at the same moment) is logged and retried.
 */
export async function startSopWatcher(options: SopWatcherOptions): Promise<SopWatcher> {
  const { store, folder, log } = options;
  const debounceMs = options.debounceMs ?? 500;
  const pollMs = options.pollMs ?? 5_000;
  const firstRetryMs = options.retryMs ?? 5_000;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let retryMs = firstRetryMs;
  let indexedOnce = false;

  const later = (ms: number, run: () => void) => {
    if (timer !== null) clearTimeout(timer);
    timer = stopped ? null : setTimeout(run, ms);
  };

  const detach = () => {
    watcher?.close();
    watcher = null;
  };

  /** Waits for the folder to exist (it may be created, or checked out, after start). */
  const waitForFolder = () =>
    later(pollMs, () => {
      if (isDirectory(folder)) {
        log.info({ folder }, `SOP folder ${folder} appeared: indexing it`);
        attach();
        requestReindex(0);
      } else waitForFolder();
    });

  function attach(): void {
    try {
      watcher = watch(folder, { recursive: true }, (_event, file) => {
        if (!ignored(file === null ? null : String(file))) requestReindex(debounceMs);
      });
    } catch (error) {
      log.warn({ err: error, folder }, `cannot watch the SOP folder ${folder}; waiting for it`);
      waitForFolder();
      return;
    }
    watcher.on('error', (error) => {
      // The folder itself was removed or moved: keep the last index and wait for it to return.
      log.warn({ err: error, folder }, `stopped watching the SOP folder ${folder}; the last index stays`);
      detach();
      waitForFolder();
    });
  }

  async function reindex(): Promise<void> {
    if (!isDirectory(folder)) {
      log.warn({ folder }, `SOP folder ${folder} is gone; the last index stays until it is back`);
      detach();
      waitForFolder();
      return;
    }
    try {
      logResult(log, await reindexSops(store, folder), !indexedOnce);
      indexedOnce = true;
      retryMs = firstRetryMs;
    } catch (error) {
      log.error({ err: error, folder }, `SOP reindex failed; retrying in ${Math.round(retryMs / 1000)}s`);
      later(retryMs, () => requestReindex(0));
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  /** One reindex at a time; a change that came in meanwhile gets one more after it. */
  function runReindex(): Promise<void> {
    const run = reindex().finally(() => {
      running = null;
      if (again) {
        again = false;
        requestReindex(0);
      }
    });
    running = run;
    return run;
  }

  function requestReindex(delayMs: number): void {
    if (stopped) return;
    later(delayMs, () => {
      timer = null;
      if (running !== null) again = true;
      else void runReindex();
    });
  }

  if (isDirectory(folder)) {
    attach();
    await runReindex();
  } else {
    log.info({ folder }, `SOP folder ${folder} does not exist: SOP search stays empty until it is created`);
    waitForFolder();
  }

  return {
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      detach();
      await running;
    },
  };
}
