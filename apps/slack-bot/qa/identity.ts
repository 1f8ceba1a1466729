import type { Ticket } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { agentOf, isAgent } from '../../../shared/services/qa/context.js';
import { qaError, sameIdentity } from '../../../shared/services/qa/errors.js';
import type { SlackBotDeps } from '../deps.js';
import { directoryOf } from './directory.js';

/**
 * Who a Slack user is to the QA service. In Slack they act as `slack:U…`, but the service compares
 * identities with agent emails (self-review, disputes by the agent) and with what the CLI and
 * `qa.reviewers`/`qa.leads` use (emails): so each QA step picks, of the user's two identities,
 * the one the service needs.
 */
export interface SlackActor {
  userId: string;
  slackId: string;
  /** The Slack profile email (users.info), lower-cased; null when Slack did not say. */
  email: string | null;
}

export async function slackActor(deps: SlackBotDeps, userId: string): Promise<SlackActor> {
  return { userId, slackId: `slack:${userId}`, email: await directoryOf(deps).emailOf(userId) };
}

const actsAs = (actor: SlackActor, identity: string | null) =>
  sameIdentity(identity, actor.slackId) || sameIdentity(identity, actor.email);

const NO_EMAIL_HINT =
  'try again in a minute; if it keeps happening, an admin should check that the Slack app has the users:read.email scope';

/**
 * The reviewer identity for claiming and scoring a flag: the one the flag is already claimed by
 * when it is this user's, else the email (so the service's self-review check compares it with the
 * ticket's agent). Without an email the check cannot be made: refused, unless self-review is allowed.
 */
export function reviewerIdentity(
  actor: SlackActor,
  claimedBy: string | null,
  allowSelfReview: boolean,
): string {
  if (claimedBy !== null && actsAs(actor, claimedBy)) return claimedBy;
  if (actor.email !== null) return actor.email;
  if (allowSelfReview) return actor.slackId;
  throw new CasebridgeError(
    'qa.identity',
    'casebridge could not read your email address from Slack, so it cannot check that this ticket is not your own',
    { hint: NO_EMAIL_HINT },
  );
}

/**
 * The service refuses self-review only for the identity it is given; a flag claimed under the
 * `slack:U…` identity (round-robin to a reviewer listed that way) is checked here by email too.
 */
export async function refuseOwnTicket(deps: SlackBotDeps, actor: SlackActor, ticket: Ticket): Promise<void> {
  if (deps.qaConfig().allowSelfReview) return;
  const agent = await agentOf(deps.store, ticket);
  if (isAgent(actor.slackId, agent) || (actor.email !== null && isAgent(actor.email, agent)))
    throw qaError(
      'self-review',
      `you are the agent on ticket ${ticket.number} and cannot review it`,
      'ask another reviewer, or set qa.allowSelfReview',
    );
}

/** The identity a dispute is opened under: the agent's email, as reviews record agents. */
export function agentIdentity(actor: SlackActor): string {
  if (actor.email !== null) return actor.email;
  throw new CasebridgeError(
    'qa.identity',
    'casebridge could not read your email address from Slack, so it cannot tell whether this review is about you',
    { hint: NO_EMAIL_HINT },
  );
}

/** True when this user may resolve a dispute of a review by `reviewer`: its reviewer, or a QA lead. */
export function mayResolve(actor: SlackActor, reviewer: string, leads: readonly string[]): boolean {
  return actsAs(actor, reviewer) || leads.some((lead) => actsAs(actor, lead));
}

/** The identity a dispute is resolved under: the one matching the reviewer, else a lead entry. */
export function resolverIdentity(actor: SlackActor, reviewer: string, leads: readonly string[]): string {
  const mine = [actor.slackId, actor.email].filter((v): v is string => v !== null);
  return (
    mine.find((id) => sameIdentity(id, reviewer)) ??
    mine.find((id) => leads.some((lead) => sameIdentity(lead, id))) ??
    actor.email ??
    actor.slackId
  );
}
