import type { Command } from 'commander';
import { CasebridgeError } from '../../../shared/errors.js';
import type { Store } from '../../../shared/store/index.js';
import { withCasebridge } from '../context.js';
import { writeOut } from '../output.js';

const ENTITIES = {
  tickets: (store: Store) => store.tickets.iterate(),
  people: (store: Store) => store.people.iterate(),
  organizations: (store: Store) => store.organizations.iterate(),
  comments: (store: Store) => store.comments.iterate(),
  sla: (store: Store) => store.slaTargets.iterate(),
  escalations: (store: Store) => store.escalations.iterate(),
} as const;
type Entity = keyof typeof ENTITIES;

/** `casebridge export ENTITY --format jsonl`: the domain model, one JSON object per line, streamed. */
export function register(program: Command): void {
  program
    .command('export')
    .description(`print the domain model as JSON lines (${Object.keys(ENTITIES).join('|')})`)
    .argument('<entity>', Object.keys(ENTITIES).join(' | '))
    .option('--format <format>', 'output format (jsonl)', 'jsonl')
    .action(async (entity: string, options: { format: string }, command: Command) => {
      if (!(entity in ENTITIES)) {
        throw new CasebridgeError('export.entity', `cannot export "${entity}"`, {
          hint: `choose one of ${Object.keys(ENTITIES).join(', ')}`,
        });
      }
      if (options.format !== 'jsonl') {
        throw new CasebridgeError('export.format', `unknown format "${options.format}"`, {
          hint: 'use --format jsonl',
        });
      }
      await withCasebridge(command, async ({ store }) => {
        for await (const record of ENTITIES[entity as Entity](store))
          await writeOut(`${JSON.stringify(record)}\n`);
      });
    });
}
