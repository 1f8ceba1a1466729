import type { Command } from 'commander';
import { buildCasebridge, type Casebridge } from '../composition-root.js';

export interface GlobalOptions {
  config?: string;
  verbose?: boolean;
  logLevel?: string;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/**
 * Builds casebridge for a one-shot command and closes it afterwards. One-shot commands log at
 * `warn` unless `--log-level` says otherwise, so their own output is what the user reads.
 */
export async function withCasebridge<T>(
  command: Command,
  work: (casebridge: Casebridge) => Promise<T>,
): Promise<T> {
  const options = globalOptions(command);
  const casebridge = await buildCasebridge({
    configPath: options.config,
    logLevel: options.logLevel ?? 'warn',
  });
  try {
    return await work(casebridge);
  } finally {
    await casebridge.close();
  }
}
