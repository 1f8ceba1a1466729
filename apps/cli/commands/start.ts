import type { Command } from 'commander';
import { resolveConfigPath } from '../../../shared/config/index.js';
import { sopFolder } from '../../../shared/config/sections/sop.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { buildCasebridge } from '../../composition-root.js';
import { type Demo, startDemo } from '../../demo.js';
import { buildServer, type Readiness } from '../../server/server.js';
import { webhookDependencies } from '../../server/webhook-dependencies.js';
import { slackBotFor } from '../../slack-bot/wiring.js';
import { startSopWatcher } from '../../sop-watcher.js';
import { type SyncService, startSyncService } from '../../sync-service.js';
import { sidebarContext } from '../../zendesk-sidebar/server/context.js';
import { withCrmFetch } from '../../zendesk-sidebar/server/fetch-wiring.js';
import { previewDependencies } from '../../zendesk-sidebar/server/preview-wiring.js';
import { globalOptions } from '../context.js';

interface StartOptions {
  demo?: boolean;
  data: string;
  port?: string;
  host?: string;
  worker: boolean;
}

/**
 * `casebridge start`: the server and the sync jobs. With no config file (or `--demo`) it runs the
 * demo: the connectors' sandboxes in-process and SQLite under `--data`. SIGHUP reloads the config;
 * SIGTERM/SIGINT stop cleanly: no new runs, runs in flight finish, the server drains.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('run the server and the sync jobs (the demo when there is no config file)')
    .option('--demo', 'run the demo: sandbox CRMs in-process and SQLite under --data')
    .option('--data <dir>', 'where the demo keeps its SQLite database', './data')
    .option('--port <port>', 'HTTP port (overrides server.port)')
    .option('--host <host>', 'HTTP host (overrides server.host)')
    .option(
      '--no-worker',
      'PostgreSQL only: serve HTTP and schedule, but leave running jobs to `casebridge worker`',
    )
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
      // SOP lookups answer from the index: bring it in line with the folder before serving, then
      // follow the folder's changes while running.
      const sopWatcher = await startSopWatcher({
        store: casebridge.store,
        folder: sopFolder(casebridge.config.sop, casebridge.loaded.baseDir),
        log: casebridge.log,
      });
      const readiness: Readiness = { ready: false, reason: 'starting' };
      let sync: SyncService | null = null;
      const slackBot = slackBotFor(casebridge);
      const server = buildServer({
        store: () => casebridge.store,
        metrics: casebridge.metrics,
        log: casebridge.log,
        readiness,
        ...(slackBot && { slack: slackBot }),
        sidebar: sidebarContext(casebridge, withCrmFetch(casebridge)),
        webhooks: webhookDependencies(casebridge, async (jobId) => {
          if (sync !== null) await sync.trigger(jobId, false);
        }),
        ...(demo !== null && { preview: previewDependencies(casebridge, options.data) }),
        admin: {
          casebridge,
          token: () => casebridge.config.server.adminToken,
          triggerRun: async (jobId, full) => {
            if (sync === null)
              throw new CasebridgeError('server.starting', 'casebridge is still starting', {
                hint: 'try again in a moment',
              });
            await sync.trigger(jobId, full);
          },
        },
      });
      const host = options.host ?? casebridge.config.server.host;
      const port = options.port === undefined ? casebridge.config.server.port : Number(options.port);
      try {
        await server.listen({ host, port });
      } catch (error) {
        await sopWatcher.stop();
        await casebridge.close();
        await demo?.close();
        if ((error as { code?: string }).code === 'EADDRINUSE') {
          throw new CasebridgeError('server.port', `port ${port} on ${host} is already in use`, {
            hint: 'stop the other process, or use --port / server.port',
          });
        }
        throw error;
      }
      // Alerts go out from the process that schedules, so several `start` processes never repeat them.
      const service = await startSyncService(casebridge, {
        worker: options.worker,
        whileLeading: slackBot ? [slackBot.monitor, slackBot.sopReminder] : [],
      });
      // Socket Mode dials Slack now (HTTP mode has nothing to start). Not awaited: an unreachable
      // Slack must not hold the rest of casebridge back; the outcome is logged.
      if (slackBot?.mode === 'socket')
        void slackBot.start().then(
          () => casebridge.log.info('Slack bot connected over Socket Mode'),
          (error: unknown) =>
            casebridge.log.error(
              { err: error },
              'the Slack bot could not connect over Socket Mode: check slack.appToken (xapp-…, scope connections:write)',
            ),
        );
      sync = service;
      readiness.ready = true;
      const address = server.server.address();
      const boundPort = typeof address === 'object' && address !== null ? address.port : port;
      const jobs = casebridge.config.jobs.length;
      if (demo !== null)
        console.log(`zendesk sidebar preview: http://${host}:${boundPort}/zendesk-app/preview`);
      console.log(
        `casebridge listening on http://${host}:${boundPort} (${jobs} jobs, ${service.mode} mode${options.worker ? '' : ', no worker'})`,
      );

      process.on('SIGHUP', () => {
        void service
          .reload()
          .then((result) =>
            console.log(
              result.ok
                ? `config reloaded: ${result.jobs} jobs`
                : `config reload rejected, keeping the running config: ${result.reason}`,
            ),
          );
      });
      const stop = async (signal: string) => {
        readiness.ready = false;
        readiness.reason = 'shutting down';
        casebridge.log.info(`received ${signal}: stopping`);
        await slackBot?.stop();
        await sopWatcher.stop();
        await service.stop();
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
