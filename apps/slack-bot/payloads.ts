import { z } from 'zod';

/** Slack payloads, checked at the boundary (FACTS/slack.md "Payloads"); unknown keys pass through. */
const User = z.looseObject({ id: z.string(), username: z.string().optional(), name: z.string().optional() });
const Team = z.looseObject({ id: z.string() }).nullable().optional();
const Channel = z.looseObject({ id: z.string(), name: z.string().optional() });

const SlashCommand = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  team_id: z.string(),
  response_url: z.string().url(),
  trigger_id: z.string(),
});

const ActionItem = z.looseObject({
  action_id: z.string(),
  block_id: z.string().optional(),
  type: z.string(),
  value: z.string().optional(),
  action_ts: z.string().optional(),
});

const BlockActions = z.looseObject({
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

const MessageAction = z.looseObject({
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

const GlobalShortcut = z.looseObject({
  type: z.literal('shortcut'),
  callback_id: z.string(),
  trigger_id: z.string(),
  user: User,
  team: Team,
});

const InputValue = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullable().optional(),
});

const ViewSubmission = z.looseObject({
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

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  event_id: z.string().optional(),
  event: z.looseObject({ type: z.string(), user: z.string().optional(), tab: z.string().optional() }),
});

const Interactive = z.discriminatedUnion('type', [
  BlockActions,
  MessageAction,
  GlobalShortcut,
  ViewSubmission,
]);
const KNOWN_INTERACTIVE = new Set(['block_actions', 'message_action', 'shortcut', 'view_submission']);

/** A body for Bolt's `processEvent`, or one of the two requests the receiver answers itself. */
export type Incoming =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'dispatch'; body: Record<string, unknown> };

/**
 * One of Slack's three body shapes: form fields (commands), `payload=` JSON (interactivity), JSON
 * (events). The shapes casebridge listens to are checked here, so a listener never sees a payload
 * missing what it reads; Bolt gets Slack's body untouched (unknown keys and types pass through).
 * Throws (zod or JSON) on a malformed body.
 */
export function parseIncoming(rawBody: string, contentType: string | undefined): Incoming {
  if ((contentType ?? '').includes('application/json')) {
    const json = JSON.parse(rawBody) as unknown;
    const type = isRecord(json) ? json.type : undefined;
    if (type === 'url_verification')
      return {
        kind: 'url_verification',
        challenge: z.object({ challenge: z.string() }).parse(json).challenge,
      };
    if (type === 'event_callback') EventCallback.parse(json);
    return { kind: 'dispatch', body: asRecord(json) };
  }
  const form = new URLSearchParams(rawBody);
  const payload = form.get('payload');
  if (payload === null) {
    const fields = Object.fromEntries(form);
    SlashCommand.parse(fields);
    return { kind: 'dispatch', body: fields };
  }
  const json = asRecord(JSON.parse(payload) as unknown);
  if (typeof json.type === 'string' && KNOWN_INTERACTIVE.has(json.type)) Interactive.parse(json);
  return { kind: 'dispatch', body: json };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function asRecord(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error('a Slack payload is a JSON object');
  return value;
}
