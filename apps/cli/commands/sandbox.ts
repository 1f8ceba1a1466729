import type { Command } from 'commander';
import { connectors } from '../../../connectors/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import type { RunningSandbox } from '../../../shared/sync/index.js';

/** DESIGN.md fixes the ports: Zendesk on P, Salesforce on P+1; scripts read the printed lines. */
const PORT_OFFSETS: Record<string, number> = { zendesk: 0, salesforce: 1 };

interface SandboxOptions {
  port: string;
  host: string;
  size?: string;
  seed?: string;
  rateLimit?: string;
}

/** `casebridge sandbox [--port P]`: the CRM sandboxes alone, for trying a config or a script against. */
export function register(program: Command): void {
  program
    .command('sandbox')
    .description('run the Zendesk sandbox on --port and the Salesforce sandbox on --port + 1')
    .option('--port <port>', 'first port', '4010')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--size <n>', 'tickets/cases to seed in each')
    .option('--seed <n>', 'seed of the generated data')
    .option('--rate-limit <perMinute>', 'requests per minute before a 429 ("off" for none)')
    .action(async (options: SandboxOptions) => {
      const base = Number(options.port);
      if (!Number.isInteger(base) || base < 1 || base > 65_534) {
        throw new CasebridgeError('sandbox.port', `--port ${options.port} is not a usable port`, {
          hint: 'use a number from 1 to 65534',
        });
      }
      const withSandboxes = connectors.filter((c) => c.sandbox !== undefined);
      let nextOffset = Math.max(...Object.values(PORT_OFFSETS)) + 1;
      const running: RunningSandbox[] = [];
      for (const connector of withSandboxes) {
        const offset = PORT_OFFSETS[connector.kind] ?? nextOffset++;
        const sandbox = await connector.sandbox?.start({
          host: options.host,
          port: base + offset,
          ...(options.size !== undefined && { size: Number(options.size) }),
          ...(options.seed !== undefined && { seed: Number(options.seed) }),
          ...(options.rateLimit !== undefined && {
            rateLimitPerMinute: options.rateLimit === 'off' ? null : Number(options.rateLimit),
          }),
        });
        if (sandbox === undefined) continue;
        running.push(sandbox);
        console.log(`${connector.kind} ${sandbox.url}`);
      }
      const stop = async () => {
        await Promise.allSettled(running.map((s) => s.close()));
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop());
      process.once('SIGINT', () => void stop());
    });
}
