import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { SlackRole } from '../../../shared/config/sections/slack.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { escalationView } from '../alerts/escalations.js';
import { ALERT_ESCALATION_BLOCK, escalationAlert } from '../blocks/alerts.js';
import { escalationsMessage } from '../blocks/escalations.js';
import { escalateModal } from '../blocks/modals.js';
import { safeText } from '../blocks/mrkdwn.js';
import { slaMessage } from '../blocks/sla.js';
import { ACTION } from '../blocks/ticket.js';
import type { SlackBotDeps } from '../deps.js';
import { refusal } from '../roles.js';
import { register as registerQaActions } from './qa.js';
import { register as registerSopActions } from './sop.js';

const MANAGERS: readonly SlackRole[] = ['manager'];
type Change = 'acknowledge' | 'resolve' | 'raise';
/** casebridge's action ids are all on buttons. */
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ActionListener = (args: ButtonArgs) => Promise<void>;

/** Refuses with a friendly ephemeral note (the original message is left as it is). */
function guarded(
  deps: SlackBotDeps,
  roles: readonly SlackRole[],
  what: string,
  run: ActionListener,
): ActionListener {
  return async (args) => {
    await args.ack();
    if (await deps.roles.may(args.body.user.id, roles)) return run(args);
    await args.respond({ text: refusal(what, roles), response_type: 'ephemeral', replace_original: false });
  };
}

/** Buttons: each acks at once, then works; escalation buttons update the message they sit on. */
export function register(app: App, deps: SlackBotDeps): void {
  // A link button still sends an action; there is nothing to do but ack it.
  app.action(ACTION.openTicket, async ({ ack }) => ack());
  registerSopActions(app, deps);
  registerQaActions(app, deps);

  app.action<BlockAction<ButtonAction>>(
    ACTION.escalate,
    guarded(deps, ['agent', 'manager'], 'escalate tickets', async ({ action, body, client }) => {
      const levels = Array.from({ length: deps.levels() }, (_, i) =>
        deps.services.escalations.levelName(i + 1),
      );
      const view = escalateModal({
        ticketRef: action.value ?? null,
        levels,
        meta: { ...(body.channel && { channel: body.channel.id }) },
      });
      await client.views.open({ trigger_id: body.trigger_id, view });
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ACTION.share,
    guarded(deps, MANAGERS, 'share SLA status to the channel', async ({ action, respond, body }) => {
      const group = action.value === undefined || action.value === '' ? undefined : action.value;
      const today = await deps.services.slaToday({ now: deps.now(), group, listLimit: 50 });
      const message = slaMessage(today, { crmName: deps.crmName, group, shareable: false });
      await respond({
        ...message,
        text: `${message.text} (shared by <@${body.user.id}>)`,
        response_type: 'in_channel',
        replace_original: false,
      });
    }),
  );

  for (const [id, change] of [
    [ACTION.acknowledge, 'acknowledge'],
    [ACTION.resolve, 'resolve'],
    [ACTION.raise, 'raise'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(
      id,
      guarded(deps, MANAGERS, `${change} escalations`, (args) => changeEscalation(deps, change, args)),
    );
  }
}

async function changeEscalation(deps: SlackBotDeps, change: Change, args: ButtonArgs): Promise<void> {
  const { action, respond, body } = args;
  const ticketId = action.value ?? '';
  const actor = `slack:${body.user.id}`;
  try {
    const escalations = deps.services.escalations;
    if (change === 'acknowledge') await escalations.acknowledge(ticketId, actor);
    else if (change === 'resolve') await escalations.resolve(ticketId, { actor });
    else {
      const current = (await escalations.forTicket(ticketId)).escalation;
      const level = Math.min(deps.levels(), (current?.level ?? 0) + 1);
      await escalations.escalate(ticketId, { level, reason: `raised from Slack by ${actor}`, actor });
    }
  } catch (error) {
    if (!(error instanceof CasebridgeError)) throw error;
    await respond({
      text: `:warning: ${safeText(error.describe(), 2000)}`,
      response_type: 'ephemeral',
      replace_original: false,
    });
    return;
  }
  await updateInPlace(deps, args, ticketId);
}

/** Re-renders the message the button sat on: the alert card, or the escalations list. */
async function updateInPlace(deps: SlackBotDeps, args: ButtonArgs, ticketId: string): Promise<void> {
  if (args.action.block_id === ALERT_ESCALATION_BLOCK) {
    const view = await escalationView(deps, ticketId);
    if (view !== null)
      await args.respond({ ...escalationAlert(view, deps.crmName, deps.levels()), replace_original: true });
    return;
  }
  const open = await deps.services.escalations.listOpen(1);
  await args.respond({
    ...escalationsMessage(open, { crmName: deps.crmName, minLevel: 1, maxLevel: deps.levels() }),
    replace_original: true,
  });
}
