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
import { recomputeTickets } from '../shared/services/engine/recompute.js';
import { weekToDate } from '../shared/services/qa/sampling.js';
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
  createSupervisor,
  createSyncMetrics,
  type JobHealth,
  jobHealth,
  openSyncQueue,
  parseDuration,
  type RunResult,
  type RunTrigger,
  runJob,
  type Supervisor,
  type SyncObserver,
  type SyncQueue,
} from '../shared/sync/index.js';
import { reportEngineChanges } from './engine-events.js';
import { registerJobMetrics } from './job-metrics.js';
import { registerRequestMetrics } from './request-metrics.js';
import { createServices, type Services } from './services.js';

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
    options?: { full?: boolean; trigger?: RunTrigger; observer?: SyncObserver },
  ): Promise<RunResult>;
  services: Services;
  /** Retries, pauses on failures only an admin can fix, and unhealthy alerts, around `sync`. */
  supervisor: Supervisor;
  health(): Promise<JobHealth[]>;
  /** The pg-boss queue for scale-out; only on PostgreSQL. */
  openQueue(): Promise<SyncQueue>;
  /**
   * Re-reads the config file. A config with problems is rejected (throws, listing them) and the
   * running one stays; so is a change of `database`, which needs a restart.
   */
  reload(): Config;
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
  let config = loaded.config;
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

  const sync: Casebridge['sync'] = async (jobId, syncOptions = {}) => {
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
      afterPage: async (tx, ticketIds) => {
        const changes = await recomputeTickets(
          tx,
          ticketIds,
          { sla: config.sla, escalation: config.escalation },
          new Date(),
        );
        reportEngineChanges(log, changes);
      },
    });
  };
  const schedulerConfig = config.scheduler;
  const queueConfig = config.queue;
  const supervisor = createSupervisor({
    store,
    log,
    policy: {
      retryAttempts: schedulerConfig.retryAttempts,
      retryBackoffMs: parseDuration(schedulerConfig.retryBackoff),
      unhealthyAfter: schedulerConfig.unhealthyAfter,
    },
    run: async (target, trigger) => {
      const result = await sync(target.id, { trigger, full: trigger === 'full' });
      const changed = result.counts.upserted + result.counts.deleted > 0;
      if (result.status === 'succeeded' && changed && (config.qa?.sampling.length ?? 0) > 0) {
        // Sampling scans the week's tickets: only worth it when this run brought changes, and safe
        // to repeat (flags are idempotent per week). Idle polls, most runs, skip it.
        await services.qa
          .runSampling(weekToDate(new Date()))
          .catch((error: unknown) =>
            log.error({ err: error }, `QA sampling failed: ${(error as Error).message}`),
          );
      }
      return result;
    },
  });
  const health = () =>
    Promise.all(config.jobs.map((j) => jobHealth(store, j, schedulerConfig.unhealthyAfter)));
  registerJobMetrics(metrics, health);
  const stopRequestMetrics = registerRequestMetrics(metrics);

  const services = createServices({
    store,
    log,
    baseDir: loaded.baseDir,
    config: () => config,
    connection,
    connectorFor,
  });

  return {
    loaded,
    services,
    get config() {
      return config;
    },
    log,
    store,
    metrics,
    job,
    connection,
    connectorFor,
    sync,
    supervisor,
    health,
    async openQueue() {
      if (store.dialect !== 'postgres') {
        throw new CasebridgeError(
          'queue.sqlite',
          'workers need PostgreSQL: SQLite runs every job inside `casebridge start`',
          {
            hint: 'set `database` to a postgres:// URL to scale out',
          },
        );
      }
      return openSyncQueue({
        databaseUrl: config.database,
        log,
        expireAfterMs: parseDuration(queueConfig.expireAfter),
        maintenanceIntervalMs: parseDuration(queueConfig.maintenanceInterval),
        retryAttempts: schedulerConfig.retryAttempts,
        retryBackoffMs: parseDuration(schedulerConfig.retryBackoff),
      });
    },
    reload() {
      const next = loadCasebridgeConfig({
        ...options,
        ...(loaded.path !== null && { configPath: loaded.path }),
      }).config;
      if (next.database !== config.database) {
        throw new CasebridgeError('config.reload', '`database` cannot change while casebridge runs', {
          hint: 'restart casebridge to use another database',
        });
      }
      config = next;
      return config;
    },
    close: async () => {
      stopRequestMetrics();
      await store.close();
    },
  };
}
