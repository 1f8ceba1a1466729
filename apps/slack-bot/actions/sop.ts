import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { SlackRole } from '../../../shared/config/sections/slack.js';
import { sopFileUrl } from '../../../shared/config/sections/sop.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { type IndexedSopWithBody, isStale, verifySop } from '../../../shared/services/sop/index.js';
import { safeText } from '../blocks/mrkdwn.js';
import { SOP_ACTION } from '../blocks/sop.js';
import { sopModal, sopPostMessage } from '../blocks/sop-document.js';
import type { SlackBotDeps } from '../deps.js';
import { refusal } from '../roles.js';
import { isSopOwner } from '../sop-owners.js';

/** Who may read SOPs in Slack: everyone with a role (admins always may). */
export const SOP_READERS: readonly SlackRole[] = ['agent', 'manager', 'qa'];

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const ephemeral = (text: string) => ({ text, response_type: 'ephemeral' as const, replace_original: false });

/** The SOP a button names; null (after telling the user) when it left the library since. */
async function sopOf(deps: SlackBotDeps, args: ButtonArgs): Promise<IndexedSopWithBody | null> {
  const id = args.action.value ?? '';
  const sop = id === '' ? null : await deps.store.sops.get(id);
  if (sop === null)
    await args.respond(
      ephemeral(
        `That SOP (\`${safeText(id, 100)}\`) is no longer in the library: it was removed or renamed. Search again with \`/casebridge sop\`.`,
      ),
    );
  return sop;
}

async function mayRead(deps: SlackBotDeps, args: ButtonArgs): Promise<boolean> {
  if (await deps.roles.may(args.body.user.id, SOP_READERS)) return true;
  await args.respond(ephemeral(refusal('look up SOPs', SOP_READERS)));
  return false;
}

/** The SOP buttons: Show (a modal), Post to channel (in_channel, attributed), Mark verified. */
export function register(app: App, deps: SlackBotDeps): void {
  const url = (sop: IndexedSopWithBody) => sopFileUrl(deps.sop(), sop.path);

  // A link button still sends an action; there is nothing to do but ack it.
  app.action(SOP_ACTION.open, async ({ ack }) => ack());

  app.action<BlockAction<ButtonAction>>(SOP_ACTION.show, async (args) => {
    await args.ack();
    if (!(await mayRead(deps, args))) return;
    const sop = await sopOf(deps, args);
    if (sop === null) return;
    const view = sopModal({ sop, stale: isStale(sop, deps.now()), url: url(sop) });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });

  app.action<BlockAction<ButtonAction>>(SOP_ACTION.post, async (args) => {
    await args.ack();
    if (!(await mayRead(deps, args))) return;
    const sop = await sopOf(deps, args);
    if (sop === null) return;
    const message = sopPostMessage({
      sop,
      stale: isStale(sop, deps.now()),
      url: url(sop),
      userId: args.body.user.id,
    });
    await args.respond({ ...message, response_type: 'in_channel', replace_original: false });
  });

  app.action<BlockAction<ButtonAction>>(SOP_ACTION.verify, async (args) => {
    await args.ack();
    const sop = await sopOf(deps, args);
    if (sop !== null) await markVerified(deps, args, sop);
  });
}

/** The SOP's owner (by Slack id or profile email), managers and admins may record a verification. */
async function markVerified(deps: SlackBotDeps, args: ButtonArgs, sop: IndexedSopWithBody): Promise<void> {
  const userId = args.body.user.id;
  const allowed =
    (await deps.roles.may(userId, ['manager'])) || (await isSopOwner(deps, args.client, userId, sop.owner));
  if (!allowed) {
    await args.respond(
      ephemeral(
        `:lock: Sorry, only the SOP's owner (${safeText(sop.owner, 200)}), managers or admins can mark *${safeText(sop.title, 200)}* verified.`,
      ),
    );
    return;
  }
  try {
    const result = await verifySop(deps.store, sop.id, {
      by: `slack:${userId}`,
      at: deps.now().toISOString(),
    });
    await args.respond(
      ephemeral(
        `:white_check_mark: Marked *${safeText(sop.title, 200)}* (v${safeText(sop.version, 30)}) verified; the next review is due ${result.nextReviewAt.slice(0, 10)}.`,
      ),
    );
  } catch (error) {
    if (!(error instanceof CasebridgeError)) throw error;
    await args.respond(ephemeral(`:warning: ${safeText(error.describe(), 2000)}`));
  }
}
