import type { App } from '@slack/bolt';
import type { QaFlag } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import { announceEscalation } from '../alerts/escalations.js';
import { FIELD } from '../blocks/modals.js';
import { qaFlagPosted } from '../blocks/qa.js';
import type { SlackBotDeps } from '../deps.js';
import { findTicket, flagTicket, MAX_REASON, QA_CATEGORIES, QA_SEVERITIES } from '../qa.js';
import { refusal } from '../roles.js';
import { VIEW } from '../shortcuts/ids.js';
import { postSafely } from '../slack-api.js';
import { field, fieldErrors, metadataOf } from './fields.js';
import { register as registerQaViews } from './qa.js';

/** Modal submissions: validated first (field errors keep the modal open), then stored. */
export function register(app: App, deps: SlackBotDeps): void {
  registerQaViews(app, deps);
  app.view(VIEW.qaFlag, async ({ body, view, ack }) => {
    const userId = body.user.id;
    if (!(await deps.roles.may(userId, ['qa', 'manager'])))
      return ack(fieldErrors({ [FIELD.ticket]: refusal('flag tickets for QA', ['qa', 'manager']) }));
    const ticketRef = field(view, FIELD.ticket) ?? '';
    const reason = field(view, FIELD.reason) ?? '';
    const category = field(view, FIELD.category);
    const severity = field(view, FIELD.severity);
    const errors: Record<string, string> = {};
    if (reason === '') errors[FIELD.reason] = 'Say why the ticket needs a review.';
    if (reason.length > MAX_REASON) errors[FIELD.reason] = `Keep it under ${MAX_REASON} characters.`;
    if (category !== null && !(QA_CATEGORIES as readonly string[]).includes(category))
      errors[FIELD.category] = 'Pick a category from the list.';
    if (severity !== null && !(QA_SEVERITIES as readonly string[]).includes(severity))
      errors[FIELD.severity] = 'Pick a severity from the list.';
    const ticketError = await findTicket(deps, ticketRef).then(
      () => null,
      (e: unknown) => (e instanceof CasebridgeError ? e.message : 'could not look the ticket up'),
    );
    if (ticketError !== null) errors[FIELD.ticket] = `${ticketError.slice(0, 140)}.`;
    if (Object.keys(errors).length > 0) return ack(fieldErrors(errors));
    await ack();
    const meta = metadataOf(view);
    const { flag, ticket } = await flagTicket(deps, {
      ticketRef,
      reason,
      userId,
      category,
      severity: severity as QaFlag['severity'],
      permalink: meta.permalink ?? null,
    });
    const channel = deps.slack().qaChannel;
    if (channel !== undefined) await postSafely(deps, channel, qaFlagPosted(flag, ticket));
  });

  app.view(VIEW.escalate, async ({ body, view, ack }) => {
    const userId = body.user.id;
    if (!(await deps.roles.may(userId, ['agent', 'manager'])))
      return ack(fieldErrors({ [FIELD.ticket]: refusal('escalate tickets', ['agent', 'manager']) }));
    const ticketRef = field(view, FIELD.ticket) ?? '';
    const level = Number(field(view, FIELD.level) ?? '0');
    const reason = field(view, FIELD.reason) ?? '';
    const errors: Record<string, string> = {};
    if (reason === '') errors[FIELD.reason] = 'Say why it needs escalating.';
    if (!Number.isInteger(level) || level < 1 || level > deps.levels())
      errors[FIELD.level] = 'Pick a level from the list.';
    const ticket = await findTicket(deps, ticketRef).catch((e: unknown) => {
      errors[FIELD.ticket] =
        e instanceof CasebridgeError ? `${e.message.slice(0, 140)}.` : 'Could not look the ticket up.';
      return null;
    });
    if (ticket === null || Object.keys(errors).length > 0) return ack(fieldErrors(errors));
    const escalating = deps.services.escalations.escalate(ticket.id, {
      level,
      reason,
      actor: `slack:${userId}`,
    });
    // The CRM write-back runs inside escalate(): past 2 s the modal is closed and the work goes on.
    const outcome = await Promise.race([
      escalating.then(
        () => 'done' as const,
        (error: unknown) => error,
      ),
      new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), 2000).unref()),
    ]);
    if (outcome instanceof CasebridgeError)
      return ack(fieldErrors({ [FIELD.level]: outcome.message.slice(0, 150) }));
    await ack();
    if (outcome !== 'done' && outcome !== 'slow') throw outcome;
    await escalating;
    await announceEscalation(deps, ticket.id);
  });
}
