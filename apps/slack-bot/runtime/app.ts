import { CasebridgeError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/log/logger.js';
import { escapeMrkdwn } from '../blocks/mrkdwn.js';
import type { Block } from '../blocks/types.js';
import type {
  ActionItem,
  BlockActions,
  EventCallback,
  GlobalShortcut,
  Incoming,
  MessageAction,
  SlashCommand,
  ViewSubmission,
} from './payloads.js';
import type { WebApi } from './web-api.js';

/** What `ack()` may carry: nothing, a message (commands), or a `response_action` (views). */
export type AckBody = Record<string, unknown> | undefined;

export interface RespondMessage {
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

export interface ListenerArgs<B> {
  body: B;
  userId: string;
  ack(response?: AckBody): Promise<void>;
  /** Posts to the request's response_url; throws when Slack refuses it. */
  respond(message: RespondMessage): Promise<void>;
  client: WebApi;
  log: Logger;
}
export type Listener<B, Extra = object> = (args: ListenerArgs<B> & Extra) => Promise<void>;
export type ActionListener = Listener<BlockActions, { action: ActionItem }>;

/**
 * A Bolt-shaped dispatcher (app.command/action/view/shortcut/event → listener with ack, respond
 * and a Web API client). casebridge does not depend on @slack/bolt yet: this keeps listeners in
 * Bolt's shape, so moving to Bolt's App is a change here, not in every listener.
 */
export class SlackApp {
  private readonly commands = new Map<string, Listener<SlashCommand>>();
  private readonly actions: { match: string | RegExp; listener: ActionListener }[] = [];
  private readonly views = new Map<string, Listener<ViewSubmission>>();
  private readonly shortcuts = new Map<string, Listener<MessageAction | GlobalShortcut>>();
  private readonly events = new Map<string, Listener<EventCallback>>();

  constructor(
    readonly client: WebApi,
    readonly log: Logger,
    private readonly post: typeof fetch = fetch,
  ) {}

  command(name: string, listener: Listener<SlashCommand>): void {
    this.commands.set(name, listener);
  }
  action(match: string | RegExp, listener: ActionListener): void {
    this.actions.push({ match, listener });
  }
  view(callbackId: string, listener: Listener<ViewSubmission>): void {
    this.views.set(callbackId, listener);
  }
  shortcut(callbackId: string, listener: Listener<MessageAction | GlobalShortcut>): void {
    this.shortcuts.set(callbackId, listener);
  }
  event(type: string, listener: Listener<EventCallback>): void {
    this.events.set(type, listener);
  }

  /** Runs the matching listener; `ack` is called exactly once, whatever happens. */
  async processEvent(incoming: Incoming, ack: (body: AckBody) => void): Promise<void> {
    let acked = false;
    const once = async (body?: AckBody) => {
      if (acked) throw new Error('ack() called twice');
      acked = true;
      ack(body);
      // Let the HTTP answer go out before the listener's heavier work (SQLite queries are
      // synchronous and would otherwise hold the ack back).
      await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      await this.dispatch(incoming, once);
    } catch (error) {
      this.log.error({ err: error, kind: incoming.kind }, 'Slack listener failed');
      if (!acked) await once();
      await this.reportFailure(incoming, error);
    } finally {
      if (!acked) await once();
    }
  }

  private async dispatch(incoming: Incoming, ack: (body?: AckBody) => Promise<void>): Promise<void> {
    switch (incoming.kind) {
      case 'command': {
        const listener = this.commands.get(incoming.body.command);
        return listener?.(this.args(incoming.body, incoming.body.user_id, ack, incoming.body.response_url));
      }
      case 'block_actions': {
        const { body } = incoming;
        const base = this.args(body, body.user.id, ack, body.response_url);
        for (const action of body.actions) {
          const found = this.actions.find((a) =>
            typeof a.match === 'string' ? a.match === action.action_id : a.match.test(action.action_id),
          );
          if (found !== undefined)
            return found.listener({ ...base, action } as ListenerArgs<BlockActions> & { action: ActionItem });
        }
        return ack();
      }
      case 'message_action':
      case 'shortcut': {
        const listener = this.shortcuts.get(incoming.body.callback_id);
        const url = incoming.kind === 'message_action' ? incoming.body.response_url : undefined;
        return listener?.(this.args(incoming.body, incoming.body.user.id, ack, url));
      }
      case 'view_submission': {
        const listener = this.views.get(incoming.body.view.callback_id);
        return listener?.(this.args(incoming.body, incoming.body.user.id, ack, undefined));
      }
      case 'event': {
        // Events are acked before listeners run (Slack wants a fast 200 and retries otherwise).
        await ack();
        const listener = this.events.get(incoming.body.event.type);
        return listener?.(
          this.args(incoming.body, incoming.body.event.user ?? '', async () => undefined, undefined),
        );
      }
      default:
        return ack();
    }
  }

  private args<B>(
    body: B,
    userId: string,
    ack: (b?: AckBody) => Promise<void>,
    responseUrl: string | undefined,
  ): ListenerArgs<B> {
    return {
      body,
      userId,
      ack,
      respond: (message) => this.respond(responseUrl, message),
      client: this.client,
      log: this.log,
    };
  }

  private async respond(responseUrl: string | undefined, message: RespondMessage): Promise<void> {
    if (responseUrl === undefined) throw new Error('this request has no response_url to respond to');
    const response = await this.post(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
    });
    if (!response.ok) throw new Error(`response_url refused the answer: HTTP ${response.status}`);
  }

  /** A failure the user caused (unknown ticket…) is told to them; others say to ask an admin. */
  private async reportFailure(incoming: Incoming, error: unknown): Promise<void> {
    const url = 'body' in incoming ? (incoming.body as { response_url?: string }).response_url : undefined;
    if (url === undefined) return;
    const text =
      error instanceof CasebridgeError
        ? `:warning: ${escapeMrkdwn(error.describe())}`
        : ':warning: Something went wrong on casebridge’s side; an admin can find the details in its log.';
    await this.respond(url, { text, response_type: 'ephemeral', replace_original: false }).catch(
      (e: unknown) => this.log.warn({ err: e }, 'could not tell the user about the failure'),
    );
  }
}
