import type { App, ViewOutput } from '@slack/bolt';
import type { SlackBotDeps } from '../deps.js';
import { submitDisputeView, submitResolveView } from '../qa/dispute.js';
import { QA_VIEW } from '../qa/ids.js';
import { submitReviewView } from '../qa/review.js';
import type { Submission } from '../qa/submission.js';

type Submit = (deps: SlackBotDeps, userId: string, view: ViewOutput) => Promise<Submission>;

/**
 * The QA modals' submissions. Each answers in its ack (field errors keep the modal open; success
 * turns it into a summary), and only then sends the DMs, so Slack never waits on them.
 */
export function register(app: App, deps: SlackBotDeps): void {
  const submissions: [string, Submit][] = [
    [QA_VIEW.review, submitReviewView],
    [QA_VIEW.dispute, submitDisputeView],
    [QA_VIEW.resolve, submitResolveView],
  ];
  for (const [callbackId, submit] of submissions) {
    app.view(callbackId, async ({ ack, body, view }) => {
      const { ack: answer, after } = await submit(deps, body.user.id, view);
      await ack(answer);
      await after?.();
    });
  }
}
