import type { App, GlobalShortcut, MessageShortcut } from '@slack/bolt';
import { escalateModal, qaFlagModal } from '../blocks/modals.js';
import type { SlackBotDeps } from '../deps.js';
import { ticketRefInText } from '../qa.js';
import { refusal } from '../roles.js';
import { SHORTCUT } from './ids.js';

/**
 * Shortcuts open modals, and a trigger_id lives 3 s: ack, then views.open straight away, and only
 * then anything slower (the permalink lookup is done before, it is one quick call).
 */
export function register(app: App, deps: SlackBotDeps): void {
  app.shortcut<MessageShortcut>(SHORTCUT.flagForQa, async ({ shortcut: body, ack, client, respond }) => {
    await ack();
    // Registered as a message shortcut in the manifest; a global one has no message to read.
    if (body.type !== 'message_action') return;
    if (!(await deps.roles.may(body.user.id, ['qa', 'manager']))) {
      await respond({ text: refusal('flag tickets for QA', ['qa', 'manager']), response_type: 'ephemeral' });
      return;
    }
    const text = body.message.text ?? '';
    const permalink = await client.chat
      .getPermalink({ channel: body.channel.id, message_ts: body.message_ts })
      .then((result) => result.permalink ?? '')
      .catch(() => '');
    const view = qaFlagModal({
      ticketRef: ticketRefInText(text),
      excerpt: text,
      meta: { channel: body.channel.id, ...(permalink !== '' && { permalink }) },
    });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  app.shortcut<GlobalShortcut>(SHORTCUT.escalate, async ({ shortcut, ack, client }) => {
    await ack();
    // A global shortcut has no channel to answer in: the role is checked on submission instead.
    const levels = Array.from({ length: deps.levels() }, (_, i) =>
      deps.services.escalations.levelName(i + 1),
    );
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: escalateModal({ ticketRef: null, levels }),
    });
  });
}
