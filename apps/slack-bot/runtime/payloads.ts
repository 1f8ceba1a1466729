import { z } from 'zod';

/** Slack payloads, validated at the boundary (FACTS/slack.md "Payloads"); unknown keys pass through. */
const User = z.looseObject({ id: z.string(), username: z.string().optional(), name: z.string().optional() });
const Team = z.looseObject({ id: z.string() }).nullable().optional();
const Channel = z.looseObject({ id: z.string(), name: z.string().optional() });

export const SlashCommand = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  team_id: z.string(),
  response_url: z.string().url(),
  trigger_id: z.string(),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

export const ActionItem = z.looseObject({
  action_id: z.string(),
  block_id: z.string().optional(),
  type: z.string(),
  value: z.string().optional(),
  action_ts: z.string().optional(),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: User,
  team: Team,
  trigger_id: z.string(),
  response_url: z.string().url().optional(),
  container: z.looseObject({
    type: z.string(),
    channel_id: z.string().optional(),
    message_ts: z.string().optional(),
    is_ephemeral: z.boolean().optional(),
  }),
  channel: Channel.optional(),
  actions: z.array(ActionItem).min(1),
  message: z.looseObject({ ts: z.string().optional(), blocks: z.array(z.unknown()).optional() }).optional(),
  view: z.looseObject({ id: z.string() }).optional(),
});
export type BlockActions = z.infer<typeof BlockActions>;

export const MessageAction = z.looseObject({
  type: z.literal('message_action'),
  callback_id: z.string(),
  trigger_id: z.string(),
  message_ts: z.string(),
  message: z.looseObject({
    text: z.string().default(''),
    ts: z.string().optional(),
    user: z.string().optional(),
  }),
  channel: Channel,
  user: User,
  team: Team,
  response_url: z.string().url(),
});
export type MessageAction = z.infer<typeof MessageAction>;

export const GlobalShortcut = z.looseObject({
  type: z.literal('shortcut'),
  callback_id: z.string(),
  trigger_id: z.string(),
  user: User,
  team: Team,
});
export type GlobalShortcut = z.infer<typeof GlobalShortcut>;

const InputValue = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullable().optional(),
});

export const ViewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: User,
  team: Team,
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), InputValue)) }),
  }),
});
export type ViewSubmission = z.infer<typeof ViewSubmission>;

export const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  event_id: z.string().optional(),
  event: z.looseObject({ type: z.string(), user: z.string().optional(), tab: z.string().optional() }),
});
export type EventCallback = z.infer<typeof EventCallback>;

export const Interactive = z.discriminatedUnion('type', [
  BlockActions,
  MessageAction,
  GlobalShortcut,
  ViewSubmission,
]);

export type Incoming =
  | { kind: 'ssl_check' }
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'command'; body: SlashCommand }
  | { kind: 'block_actions'; body: BlockActions }
  | { kind: 'message_action'; body: MessageAction }
  | { kind: 'shortcut'; body: GlobalShortcut }
  | { kind: 'view_submission'; body: ViewSubmission }
  | { kind: 'event'; body: EventCallback }
  | { kind: 'unsupported'; type: string };

const KNOWN_INTERACTIVE = new Set(['block_actions', 'message_action', 'shortcut', 'view_submission']);

/** One of Slack's three body shapes: form fields (commands), `payload=` JSON (interactivity), JSON (events). */
export function parseIncoming(rawBody: string, contentType: string | undefined): Incoming {
  if ((contentType ?? '').includes('application/json')) return parseJsonBody(JSON.parse(rawBody) as unknown);
  const form = new URLSearchParams(rawBody);
  if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
  const payload = form.get('payload');
  if (payload !== null) {
    const json = JSON.parse(payload) as { type?: unknown };
    const type = typeof json.type === 'string' ? json.type : 'unknown';
    if (!KNOWN_INTERACTIVE.has(type)) return { kind: 'unsupported', type };
    const parsed = Interactive.parse(json);
    return { kind: parsed.type, body: parsed } as Incoming;
  }
  return { kind: 'command', body: SlashCommand.parse(Object.fromEntries(form)) };
}

function parseJsonBody(json: unknown): Incoming {
  const type = (json as { type?: unknown }).type;
  if (type === 'url_verification')
    return { kind: 'url_verification', challenge: z.object({ challenge: z.string() }).parse(json).challenge };
  if (type === 'event_callback') return { kind: 'event', body: EventCallback.parse(json) };
  return { kind: 'unsupported', type: String(type) };
}
