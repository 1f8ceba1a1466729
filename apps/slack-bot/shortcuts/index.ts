import { escalateModal, qaFlagModal } from '../blocks/modals.js';
import type { SlackBotDeps } from '../deps.js';
import { ticketRefInText } from '../qa.js';
import { refusal } from '../roles.js';
import type { SlackApp } from '../runtime/app.js';
import { SHORTCUT } from './ids.js';

/**
 * Shortcuts open modals, and a trigger_id lives 3 s: ack, then views.open straight away, and only
 * then anything slower (the permalink lookup is done before, it is one quick call).
 */
export function register(app: SlackApp, deps: SlackBotDeps): void {
  app.shortcut(SHORTCUT.flagForQa, async ({ body, ack, client, userId, respond }) => {
    await ack();
    if (body.type !== 'message_action') return;
    if (!(await deps.roles.may(userId, ['qa', 'manager']))) {
      await respond({ text: refusal('flag tickets for QA', ['qa', 'manager']), response_type: 'ephemeral' });
      return;
    }
    const text = body.message.text;
    const permalink = await client.permalink(body.channel.id, body.message_ts).catch(() => '');
    const view = qaFlagModal({
      ticketRef: ticketRefInText(text),
      excerpt: text,
      meta: { channel: body.channel.id, ...(permalink !== '' && { permalink }) },
    });
    await client.openView(body.trigger_id, view);
  });

  app.shortcut(SHORTCUT.escalate, async ({ body, ack, client }) => {
    await ack();
    // A global shortcut has no channel to answer in: the role is checked on submission instead.
    const levels = Array.from({ length: deps.levels() }, (_, i) =>
      deps.services.escalations.levelName(i + 1),
    );
    await client.openView(body.trigger_id, escalateModal({ ticketRef: null, levels }));
  });
}
