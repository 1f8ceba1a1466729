import type { Command } from 'commander';
import { resolveConfigPath } from '../../../shared/config/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { startScheduler } from '../../../shared/sync/index.js';
import { buildCasebridge } from '../../composition-root.js';
import { type Demo, startDemo } from '../../demo.js';
import { buildServer, type Readiness } from '../../server/server.js';
import { globalOptions } from '../context.js';

interface StartOptions {
  demo?: boolean;
  data: string;
  port?: string;
  host?: string;
}

/**
 * `casebridge start`: the server and the scheduler. With no config file (or `--demo`) it starts
 * the demo: the connectors' sandboxes in-process and SQLite under `--data`. Stops cleanly on
 * SIGTERM/SIGINT: no new runs, runs in flight finish, the server drains, the store closes.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('run the server and the sync scheduler (the demo when there is no config file)')
    .option('--demo', 'run the demo: sandbox CRMs in-process and SQLite under --data')
    .option('--data <dir>', 'where the demo keeps its SQLite database', './data')
    .option('--port <port>', 'HTTP port (overrides server.port)')
    .option('--host <host>', 'HTTP host (overrides server.host)')
    .action(async (options: StartOptions, command: Command) => {
      const globals = globalOptions(command);
      const demoMode =
        options.demo === true ||
        resolveConfigPath({ explicitPath: globals.config, env: process.env }) === null;
      let demo: Demo | null = null;
      if (demoMode) {
        if (options.demo !== true)
          console.log('No casebridge.yaml found (nor --config / CASEBRIDGE_CONFIG): starting the demo.');
        demo = await startDemo(options.data, { ...(options.host && { host: options.host }) });
        for (const note of demo.notes) console.log(note);
      }
      const casebridge = await buildCasebridge({
        configPath: globals.config,
        logLevel: globals.logLevel,
        ...(demo && { loaded: demo.loaded }),
      });
      const readiness: Readiness = { ready: false, reason: 'starting' };
      const server = buildServer({
        store: () => casebridge.store,
        metrics: casebridge.metrics,
        log: casebridge.log,
        readiness,
      });
      const host = options.host ?? casebridge.config.server.host;
      const port = options.port === undefined ? casebridge.config.server.port : Number(options.port);
      try {
        await server.listen({ host, port });
      } catch (error) {
        await casebridge.close();
        await demo?.close();
        if ((error as { code?: string }).code === 'EADDRINUSE') {
          throw new CasebridgeError('server.port', `port ${port} on ${host} is already in use`, {
            hint: 'stop the other process, or use --port / server.port',
          });
        }
        throw error;
      }
      const scheduler = startScheduler(
        casebridge.config.jobs,
        (job) => casebridge.sync(job.id, { trigger: 'schedule' }),
        casebridge.log,
      );
      readiness.ready = true;
      const address = server.server.address();
      const boundPort = typeof address === 'object' && address !== null ? address.port : port;
      console.log(
        `casebridge listening on http://${host}:${boundPort} (${casebridge.config.jobs.length} jobs scheduled)`,
      );

      const stop = async (signal: string) => {
        readiness.ready = false;
        readiness.reason = 'shutting down';
        casebridge.log.info(`received ${signal}: stopping`);
        await scheduler.stop();
        await server.close();
        await casebridge.close();
        await demo?.close();
        console.log('casebridge stopped');
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}
