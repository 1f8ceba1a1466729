import { context, header, section } from './common.js';
import { safeText } from './mrkdwn.js';
import type { MessageBody } from './types.js';

export const COMMAND = '/casebridge';

export const USAGE = [
  `\`${COMMAND} sla [group]\` — today's SLA status: attainment, breached and at-risk tickets`,
  `\`${COMMAND} escalations [level]\` — open escalations with owner and age`,
  `\`${COMMAND} customer <email | ticket>\` — a customer's history across Zendesk and Salesforce`,
  `\`${COMMAND} qa flag <ticket> <reason>\` — flag a ticket for QA review`,
  `\`${COMMAND} qa queue\` — the QA review queue`,
  `\`${COMMAND} qa review <flag | ticket>\` — claim a flag and score it against its scorecard`,
  `\`${COMMAND} qa report [days]\` — IQS per agent and group, categories, missed items, workload, disputes`,
  `\`${COMMAND} sop <words>\` — the best SOPs for a question, with steps to show or post`,
  `\`${COMMAND} help\` — this text`,
].join('\n');

/** Usage text; for unknown input it first says what was not understood (escaped, cut). */
export function helpMessage(unknown?: string): MessageBody {
  const lead =
    unknown === undefined
      ? []
      : [section(`I didn't understand \`${safeText(unknown, 200)}\`. Here is what I can do:`)];
  return {
    text: `casebridge commands:\n${USAGE}`,
    blocks: [
      header('casebridge'),
      ...lead,
      section(USAGE),
      context('Message shortcut: *Flag for QA review* · Global shortcut: *Escalate a ticket*'),
    ],
  };
}

/** A short ephemeral line (errors, refusals, confirmations). */
export const note = (text: string): MessageBody => ({ text, blocks: [section(text)] });
