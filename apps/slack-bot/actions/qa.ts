import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { SlackRole } from '../../../shared/config/sections/slack.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { safeText } from '../blocks/mrkdwn.js';
import type { SlackBotDeps } from '../deps.js';
import { DISPUTERS, openDispute, openResolve, RESOLVERS } from '../qa/dispute.js';
import { QA_ACTION } from '../qa/ids.js';
import { openReview, REVIEWERS } from '../qa/review.js';
import { refusal } from '../roles.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A QA button: acked at once, the role checked, then `open` (which opens a modal with the
 * trigger_id). A refusal the service or the bot explains is answered ephemerally where the
 * button was; the message itself is left as it is.
 */
function qaButton(
  deps: SlackBotDeps,
  roles: readonly SlackRole[],
  what: string,
  open: (input: { userId: string; value: string; triggerId: string }) => Promise<unknown>,
) {
  return async ({ ack, action, body, respond }: ButtonArgs) => {
    await ack();
    const tell = (text: string) => respond({ text, response_type: 'ephemeral', replace_original: false });
    if (!(await deps.roles.may(body.user.id, roles))) return void (await tell(refusal(what, roles)));
    try {
      await open({ userId: body.user.id, value: action.value ?? '', triggerId: body.trigger_id });
    } catch (error) {
      if (!(error instanceof CasebridgeError)) throw error;
      await tell(`:warning: ${safeText(error.describe(), 2500)}`);
    }
  };
}

/** Claim & review, Dispute, Accept and Reject. */
export function register(app: App, deps: SlackBotDeps): void {
  app.action<BlockAction<ButtonAction>>(
    QA_ACTION.claim,
    qaButton(deps, REVIEWERS, 'review tickets', ({ userId, value, triggerId }) =>
      openReview(deps, { userId, flagId: value, triggerId }),
    ),
  );
  app.action<BlockAction<ButtonAction>>(
    QA_ACTION.dispute,
    qaButton(deps, DISPUTERS, 'dispute reviews', ({ userId, value, triggerId }) =>
      openDispute(deps, { userId, reviewId: value, triggerId }),
    ),
  );
  for (const [actionId, decision] of [
    [QA_ACTION.accept, 'accept'],
    [QA_ACTION.reject, 'reject'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(
      actionId,
      qaButton(deps, RESOLVERS, 'answer QA disputes', ({ userId, value, triggerId }) =>
        openResolve(deps, { userId, disputeId: value, decision, triggerId }),
      ),
    );
  }
}
