import type { Command } from 'commander';
import { findConnector } from '../../../connectors/index.js';
import { ConfigError, type LoadedConfig } from '../../../shared/config/index.js';
import { errorMessage } from '../../../shared/errors.js';
import { createLogger } from '../../../shared/log/logger.js';
import {
  assertSchemaUsable,
  openDatabase,
  parseDatabaseUrl,
  SCHEMA_VERSION,
} from '../../../shared/store/index.js';
import { loadCasebridgeConfig } from '../../composition-root.js';
import { globalOptions } from '../context.js';
import { printJson } from '../output.js';

interface Check {
  name: string;
  ok: boolean;
  message: string;
  details?: string[];
}

/**
 * `casebridge doctor`: checks the config (every problem at once), the database and each CRM
 * connection, and says what is wrong and how to fix it. Changes nothing. Exit 1 if any check fails.
 */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the config, the database and every CRM connection')
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const checks: Check[] = [];
      const loaded = checkConfig(globalOptions(command).config, checks);
      if (loaded !== null) {
        await checkDatabase(loaded, checks);
        await checkConnections(loaded, checks);
      }
      const ok = checks.every((c) => c.ok);
      if (options.json) printJson({ ok, checks });
      else for (const check of checks) printCheck(check);
      if (!ok) process.exitCode = 1;
    });
}

function printCheck(check: Check): void {
  console.log(`${check.ok ? '✔' : '✖'} ${check.name}: ${check.message}`);
  for (const line of check.details ?? []) console.log(`    ${line}`);
}

function checkConfig(configPath: string | undefined, checks: Check[]): LoadedConfig | null {
  try {
    const loaded = loadCasebridgeConfig({ configPath });
    const { connections, jobs } = loaded.config;
    const where = loaded.path ?? 'no config file (defaults: the demo database)';
    checks.push({
      name: 'config',
      ok: true,
      message: `${where} is valid (${connections.length} connections, ${jobs.length} jobs)`,
    });
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) {
      const count = error.issues.length;
      const details = error.issues.map((i) => `${i.path}: ${i.message}`);
      checks.push({
        name: 'config',
        ok: false,
        message: `${error.file} has ${count} problem${count === 1 ? '' : 's'}`,
        details,
      });
    } else {
      checks.push({ name: 'config', ok: false, message: errorMessage(error) });
    }
    return null;
  }
}

async function checkDatabase(loaded: LoadedConfig, checks: Check[]): Promise<void> {
  try {
    const database = await openDatabase(parseDatabaseUrl(loaded.config.database, loaded.baseDir));
    try {
      const status = await assertSchemaUsable(database);
      const pending = SCHEMA_VERSION - status.current;
      const schema =
        pending === 0
          ? 'schema up to date'
          : `${pending} migration(s) pending — casebridge migrate (or start/sync) applies them`;
      checks.push({ name: 'database', ok: true, message: `${database.target.display} reachable; ${schema}` });
    } finally {
      await database.close();
    }
  } catch (error) {
    checks.push({ name: 'database', ok: false, message: errorMessage(error) });
  }
}

async function checkConnections(loaded: LoadedConfig, checks: Check[]): Promise<void> {
  const log = createLogger({ level: 'silent', secrets: loaded.secrets });
  for (const connection of loaded.config.connections) {
    const name = `connection ${connection.id}`;
    const connector = findConnector(connection.kind);
    if (connector?.check === undefined) {
      checks.push({ name, ok: true, message: `${connection.kind} has no connectivity check` });
      continue;
    }
    try {
      const result = await connector.check(connection as never, { log, signal: AbortSignal.timeout(20_000) });
      const hint = result.hint === undefined ? '' : ` — ${result.hint}`;
      checks.push({ name, ok: result.ok, message: `${result.message}${hint}` });
    } catch (error) {
      checks.push({ name, ok: false, message: errorMessage(error) });
    }
  }
}
