import type { Command } from 'commander';
import { buildCasebridge } from '../../composition-root.js';
import { startWorker } from '../../sync-service.js';
import { globalOptions } from '../context.js';

/**
 * `casebridge worker`: takes queued sync runs from PostgreSQL (pg-boss) — run as many as the load
 * needs, next to `casebridge start --no-worker`. SIGTERM lets the run in hand finish, then exits.
 */
export function register(program: Command): void {
  program
    .command('worker')
    .description('PostgreSQL only: take queued sync runs (scale out with several workers)')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const casebridge = await buildCasebridge({ configPath: globals.config, logLevel: globals.logLevel });
      let queue: Awaited<ReturnType<typeof casebridge.openQueue>>;
      try {
        queue = await casebridge.openQueue();
      } catch (error) {
        await casebridge.close();
        throw error;
      }
      await startWorker(casebridge, queue);
      console.log(
        `casebridge worker ${process.pid} taking sync runs (${casebridge.config.jobs.length} jobs configured)`,
      );
      const stop = async () => {
        await queue.stop();
        await casebridge.close();
        console.log('casebridge worker stopped');
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop());
      process.once('SIGINT', () => void stop());
    });
}
