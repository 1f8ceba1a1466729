import type { Command } from 'commander';
import { migrateToLatest, openDatabase, parseDatabaseUrl } from '../../../shared/store/index.js';
import { loadCasebridgeConfig } from '../../composition-root.js';
import { globalOptions } from '../context.js';
import { printJson } from '../output.js';

/** `casebridge migrate`: applies pending migrations (start and sync also do it). */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (start and sync do this too)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const loaded = loadCasebridgeConfig({ configPath: globalOptions(command).config });
      const database = await openDatabase(parseDatabaseUrl(loaded.config.database, loaded.baseDir));
      try {
        const status = await migrateToLatest(database);
        if (options.json) return printJson({ database: database.target.display, ...status });
        const applied =
          status.applied.length === 0 ? 'already up to date' : `applied ${status.applied.join(', ')}`;
        console.log(`database ${database.target.display}: schema version ${status.current}; ${applied}`);
      } finally {
        await database.close();
      }
    });
}
