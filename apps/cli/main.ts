import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../shared/config/index.js';
import { CasebridgeError, errorMessage } from '../../shared/errors.js';
import * as customer from './commands/customer.js';
import * as doctor from './commands/doctor.js';
import * as escalations from './commands/escalations.js';
import * as exportCommand from './commands/export.js';
import * as jobs from './commands/jobs.js';
import * as kpis from './commands/kpis.js';
import * as migrate from './commands/migrate.js';
import * as qa from './commands/qa.js';
import * as quarantine from './commands/quarantine.js';
import * as sandbox from './commands/sandbox.js';
import * as sla from './commands/sla.js';
import * as sop from './commands/sop.js';
import * as start from './commands/start.js';
import * as sync from './commands/sync.js';
import * as worker from './commands/worker.js';
import * as zendeskApp from './commands/zendesk-app.js';

const program = new Command('casebridge')
  .description('Zendesk and Salesforce tickets in one model, for Slack and the Zendesk sidebar')
  .option('--config <path>', 'config file (default: ./casebridge.yaml, or CASEBRIDGE_CONFIG)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
  .option('--verbose', 'print the stack trace of a failure')
  .showHelpAfterError()
  .exitOverride();

for (const command of [
  start,
  worker,
  sync,
  jobs,
  quarantine,
  sla,
  sop,
  escalations,
  kpis,
  qa,
  customer,
  exportCommand,
  doctor,
  migrate,
  sandbox,
  zendeskApp,
])
  command.register(program);

/** Failures end with one line saying what was wrong and what to do (a config error lists every problem). */
function report(error: unknown): void {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    return;
  }
  const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
  if (error instanceof ConfigError) {
    console.error(`casebridge: ${error.message}`);
  } else {
    console.error(`casebridge: ${errorMessage(error)}`);
  }
  if (verbose && error instanceof Error) console.error(error.stack);
  else if (!(error instanceof CasebridgeError)) console.error('(run with --verbose for the stack trace)');
  process.exitCode = 1;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  report(error);
}
