import { Registry } from 'prom-client';
import { connectorConfigInfo, findConnector } from '../connectors/index.js';
import {
  type Config,
  type ConnectionConfig,
  type JobConfig,
  type LoadedConfig,
  loadConfig,
} from '../shared/config/index.js';
import { CasebridgeError } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/log/logger.js';
import {
  createStore,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  type Store,
} from '../shared/store/index.js';
import type { ConnectorDefinition } from '../shared/sync/contract.js';
import {
  combineObservers,
  createSyncMetrics,
  type RunResult,
  runJob,
  type SyncObserver,
} from '../shared/sync/index.js';

/**
 * Everything a surface needs, built in one place: config, log, store, connectors, metrics.
 * Nothing below `apps/` opens connections on its own; it receives these as arguments.
 */
export interface Casebridge {
  loaded: LoadedConfig;
  config: Config;
  log: Logger;
  store: Store;
  metrics: Registry;
  job(id: string): JobConfig;
  connection(id: string): ConnectionConfig;
  connectorFor(connection: ConnectionConfig): ConnectorDefinition<never>;
  sync(
    jobId: string,
    options?: { full?: boolean; trigger?: 'manual' | 'schedule'; observer?: SyncObserver },
  ): Promise<RunResult>;
  close(): Promise<void>;
}

export interface BuildOptions {
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logLevel?: string | undefined;
  /** A ready-made config (the demo) instead of reading a file. */
  loaded?: LoadedConfig;
}

export function loadCasebridgeConfig(options: BuildOptions): LoadedConfig {
  if (options.loaded !== undefined) return options.loaded;
  return loadConfig(
    { explicitPath: options.configPath, env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() },
    connectorConfigInfo(),
  );
}

export async function buildCasebridge(options: BuildOptions = {}): Promise<Casebridge> {
  const loaded = loadCasebridgeConfig(options);
  const { config } = loaded;
  const log = createLogger({ level: options.logLevel ?? config.log.level, secrets: loaded.secrets });
  const database = await openDatabase(parseDatabaseUrl(config.database, loaded.baseDir));
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const store = createStore(database);
  const metrics = new Registry();
  const syncMetrics = createSyncMetrics(metrics);

  const job = (id: string): JobConfig => {
    const found = config.jobs.find((j) => j.id === id);
    if (found !== undefined) return found;
    const known = config.jobs.map((j) => j.id).join(', ') || 'none configured';
    throw new CasebridgeError('jobs.unknown', `there is no job "${id}" (jobs: ${known})`, {
      hint: 'run `casebridge jobs` to list them',
    });
  };
  const connection = (id: string): ConnectionConfig => {
    const found = config.connections.find((c) => c.id === id);
    if (found === undefined)
      throw new CasebridgeError('connections.unknown', `there is no connection "${id}"`);
    return found;
  };
  const connectorFor = (c: ConnectionConfig): ConnectorDefinition<never> => {
    const connector = findConnector(c.kind);
    if (connector === undefined)
      throw new CasebridgeError('connections.kind', `no connector for kind "${c.kind}"`);
    return connector;
  };

  return {
    loaded,
    config,
    log,
    store,
    metrics,
    job,
    connection,
    connectorFor,
    async sync(jobId, syncOptions = {}) {
      const target = job(jobId);
      const conn = connection(target.connection);
      return runJob({
        job: target,
        connection: conn,
        connector: connectorFor(conn),
        store,
        log,
        full: syncOptions.full ?? false,
        trigger: syncOptions.trigger ?? (syncOptions.full ? 'full' : 'manual'),
        observer: combineObservers(syncMetrics, syncOptions.observer),
      });
    },
    close: () => store.close(),
  };
}
