import type { Command } from 'commander';
import type { CustomerHistory } from '../../../shared/services/customers/history.js';
import { withCasebridge } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { truncate } from './sla.js';

/** `casebridge customer EMAIL|TICKET [--json]`: one customer across Zendesk and Salesforce. */
export function register(program: Command): void {
  program
    .command('customer')
    .description(
      'a customer’s history across CRMs: people, organizations, open and recent tickets, CSAT, escalations, QA flags',
    )
    .argument('<email-or-ticket>', 'an email, or a ticket number whose requester is the customer')
    .option('--json', 'print as JSON')
    .action(async (query: string, options: { json?: boolean }, command: Command) => {
      await withCasebridge(command, async ({ services }) => {
        const history = await services.customer(query);
        if (options.json) return printJson(history);
        console.log(renderCustomer(history));
      });
    });
}

export function renderCustomer(h: CustomerHistory): string {
  const lines = [
    `${h.email} — ${h.people.length} record(s): ${h.people.map((p) => `${p.id}${p.name === null ? '' : ` (${p.name})`}`).join(', ')}`,
    `organizations: ${h.organizations.map((o) => `${o.name ?? o.id}${o.tier === null ? '' : ` [${o.tier}]`}`).join(', ') || 'none'}`,
    `tickets: ${h.totalTickets}, open: ${h.openTickets.length}, CSAT: ${h.csatPct === null ? 'no ratings' : `${h.csatPct}%`}, escalations: ${h.escalations.length}, QA flags: ${h.qaFlags.length}`,
    '',
    formatTable(
      ['TICKET', 'CRM', 'STATUS', 'PRIORITY', 'UPDATED', 'CSAT', 'SUBJECT', 'LINK'],
      h.recentTickets.map((t) => [
        t.number,
        t.source,
        t.status,
        t.priority ?? '—',
        t.updatedAt.slice(0, 16).replace('T', ' '),
        t.satisfaction?.score ?? '—',
        truncate(t.subject ?? '', 40),
        t.url ?? '',
      ]),
    ),
  ];
  return lines.join('\n');
}
