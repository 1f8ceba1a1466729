import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { EscalationView } from '../../../shared/services/escalation/service.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { truncate } from './sla.js';

const actor = () => `cli:${userInfo().username}`;

/** `casebridge escalations`, `escalate`, `acknowledge`, `de-escalate`, `resolve`. */
export function register(program: Command): void {
  program
    .command('escalations')
    .description('open escalations with level, owner and age (highest level, oldest first)')
    .option('--level <n>', 'only this level and above', '1')
    .option('--json', 'print as JSON')
    .action(async (options: { level: string; json?: boolean }, command: Command) => {
      await withCasebridge(command, async (casebridge) => {
        const open = await casebridge.services.escalations.listOpen(Number(options.level));
        if (options.json) return printJson(open);
        if (open.length === 0) return console.log('no open escalations');
        console.log(renderEscalations(open));
      });
    });

  program
    .command('escalate')
    .description('escalate a ticket (or raise its open escalation) to a level, with a reason')
    .argument('<ticket>', 'ticket number or id')
    .requiredOption('--level <level>', 'level number or name')
    .requiredOption('--reason <text>', 'why')
    .action(async (ticket: string, options: { level: string; reason: string }, command: Command) => {
      await withCasebridge(command, async ({ services }) => {
        const level = /^\d+$/.test(options.level) ? Number(options.level) : options.level;
        const { escalation, event } = await services.escalations.escalate(ticket, {
          level,
          reason: options.reason,
          actor: actor(),
        });
        console.log(
          `${event.type === 'opened' ? 'escalated' : 'updated'} ${escalation.ticketId} at level ${escalation.level} (${services.escalations.levelName(escalation.level)})`,
        );
      });
    });

  program
    .command('acknowledge')
    .description('acknowledge a ticket’s open escalation')
    .argument('<ticket>', 'ticket number or id')
    .action(async (ticket: string, _options: unknown, command: Command) => {
      await withCasebridge(command, async ({ services }) => {
        const { escalation } = await services.escalations.acknowledge(ticket, actor());
        console.log(`acknowledged the escalation of ${escalation.ticketId}`);
      });
    });

  program
    .command('de-escalate')
    .description('lower a ticket’s open escalation to a level')
    .argument('<ticket>', 'ticket number or id')
    .requiredOption('--level <level>', 'level number or name')
    .option('--reason <text>', 'why')
    .action(async (ticket: string, options: { level: string; reason?: string }, command: Command) => {
      await withCasebridge(command, async ({ services }) => {
        const level = /^\d+$/.test(options.level) ? Number(options.level) : options.level;
        const { escalation } = await services.escalations.deEscalate(ticket, {
          level,
          actor: actor(),
          ...(options.reason !== undefined && { reason: options.reason }),
        });
        console.log(`lowered the escalation of ${escalation.ticketId} to level ${escalation.level}`);
      });
    });

  program
    .command('resolve')
    .description('resolve a ticket’s open escalation')
    .argument('<ticket>', 'ticket number or id')
    .option('--note <text>', 'how it was resolved')
    .action(async (ticket: string, options: { note?: string }, command: Command) => {
      await withCasebridge(command, async ({ services }) => {
        const { escalation } = await services.escalations.resolve(ticket, {
          actor: actor(),
          ...(options.note !== undefined && { note: options.note }),
        });
        console.log(`resolved the escalation of ${escalation.ticketId}`);
      });
    });
}

export function renderEscalations(open: readonly EscalationView[]): string {
  return formatTable(
    ['TICKET', 'LEVEL', 'OWNER', 'AGE', 'ACKNOWLEDGED', 'REASONS', 'SUBJECT'],
    open.map((v) => [
      v.ticket?.number ?? v.escalation.ticketId,
      `${v.escalation.level} ${v.levelName}`,
      v.escalation.ownerId ?? '—',
      v.ageMinutes >= 60
        ? `${Math.floor(v.ageMinutes / 60)}h${String(v.ageMinutes % 60).padStart(2, '0')}m`
        : `${v.ageMinutes}m`,
      v.escalation.acknowledgedBy ?? 'no',
      truncate(v.escalation.reasons.join('; '), 40),
      truncate(v.ticket?.subject ?? '', 40),
    ]),
  );
}
