import { expect } from 'vitest';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import type { Block, ModalView, StaticSelect } from '../../apps/slack-bot/blocks/types.js';
import type { Store } from '../../shared/store/index.js';
import { aPerson, aTicket } from '../helpers/records.js';
import { aScorecardYaml, scorecardFolder } from '../qa/fixtures.js';
import {
  buildHarness,
  type FakeSlack,
  type Harness,
  interactive,
  signed,
  slashCommand,
  startFakeSlack,
  waitFor,
} from './harness.js';

/**
 * The Slack workspace of the QA tests: who is who (users.info and users.lookupByEmail answer from
 * this directory), and a store with agents and tickets they are assigned.
 */
export const DIRECTORY: Record<string, string> = {
  UQA: 'rita@acme.test', // reviewer (role qa)
  UGROUPIE: 'ravi@acme.test', // another reviewer (qa through the user group)
  UAGENT: 'ana@acme.test', // the agent reviewed (role agent)
  UMANAGER: 'lead@acme.test', // a QA lead (role manager; listed in qa.leads by email)
  UADMIN: 'admin@acme.test',
};
export const SOURCE = 'zendesk-main';
export const ticketId = (n: string) => `${SOURCE}:${n}`;

/** Ticket number → the assignee's email (`bob@` has no Slack account; `null`: unassigned). */
export const TICKETS: Record<string, string | null> = {
  '201': 'ana@acme.test',
  '202': 'ana@acme.test',
  '203': 'rita@acme.test',
  '204': 'ana@acme.test',
  '205': 'bob@acme.test',
  '206': 'ana@acme.test',
  '207': 'ana@acme.test',
};

export function directoryReply(path: string, body: Record<string, unknown>): unknown {
  if (path.endsWith('/users.info')) {
    const email = DIRECTORY[String(body.user)];
    return { ok: true, user: { id: body.user, profile: email === undefined ? {} : { email } } };
  }
  if (path.endsWith('/users.lookupByEmail')) {
    const id = Object.entries(DIRECTORY).find(([, email]) => email === body.email)?.[0];
    return id === undefined ? { ok: false, error: 'users_not_found' } : { ok: true, user: { id } };
  }
  return undefined;
}

async function seed(store: Store): Promise<void> {
  const emails = [...new Set(Object.values(TICKETS).filter((e): e is string => e !== null))];
  await store.people.upsertMany(
    emails.map((email) =>
      aPerson({ source: SOURCE, externalId: email.split('@')[0] as string, email, role: 'agent' }),
    ),
  );
  await store.tickets.upsertMany(
    Object.entries(TICKETS).map(([n, email]) =>
      aTicket({
        source: SOURCE,
        externalId: n,
        url: `https://acme.zendesk.com/agent/tickets/${n}`,
        subject: `Refund request ${n}`,
        channel: 'email',
        groupId: ticketId('g-billing'),
        assigneeId: email === null ? null : ticketId(email.split('@')[0] as string),
      }),
    ),
  );
}

export interface QaWorld {
  h: Harness;
  fake: FakeSlack;
  /** The scorecard folder (rewrite a file there, then `reloadScorecards()`, for a new version). */
  folder: string;
  send(payload: unknown, secret?: string): Promise<{ statusCode: number; body: string; json(): unknown }>;
  command(text: string, user: string): Promise<Record<string, unknown>>;
  click(actionId: string, value: string, user: string, where?: { channel: string }): Promise<string>;
  answerAt(path: string): Promise<Record<string, unknown>>;
  submit(
    view: { callback_id: string; private_metadata?: string },
    values: Values,
    user: string,
  ): Promise<Submitted>;
  lastView(callbackId: string): Promise<ModalView>;
  /** Clicks and waits for the modal the click opens (views.open), checked against Block Kit's limits. */
  clickForView(actionId: string, value: string, user: string, callbackId: string): Promise<ModalView>;
  dmsTo(user: string): Record<string, unknown>[];
  close(): Promise<void>;
}
export type Values = Record<string, Record<string, unknown>>;
export interface Submitted {
  status: number;
  body: { response_action?: string; errors?: Record<string, string>; view?: ModalView };
}

let counter = 0;

/** The real server and bot over `store`, with a fake Slack that knows DIRECTORY. */
export async function qaWorld(store: Store, qa: Record<string, unknown> = {}): Promise<QaWorld> {
  await seed(store);
  const folder = scorecardFolder({ 'email.yaml': aScorecardYaml() });
  const fake = await startFakeSlack({ reply: directoryReply });
  // The QA service runs on the real clock (review dates, the dispute window): so does the bot.
  const h = buildHarness(
    store,
    fake,
    () => new Date(),
    {},
    { qa: { scorecards: folder, leads: ['lead@acme.test'], ...qa } },
  );
  const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: 'T1' });
  const send = (payload: unknown, secret?: string) => {
    const body = interactive(payload);
    return h.server.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, secret === undefined ? {} : { secret }),
    });
  };
  const answerAt = (path: string) =>
    waitFor(() => fake.received.find((r) => r.path === path)?.body as Record<string, unknown> | undefined);
  const click: QaWorld['click'] = async (actionId, value, userId, where = { channel: 'C-QA' }) => {
    counter += 1;
    const url = fake.responseUrl(`act-${counter}`);
    const response = await send({
      type: 'block_actions',
      user: user(userId),
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'acme' },
      container: { type: 'message', message_ts: '1.1', channel_id: where.channel, is_ephemeral: false },
      trigger_id: `trig-${counter}`,
      channel: { id: where.channel, name: 'somewhere' },
      response_url: url,
      actions: [{ action_id: actionId, block_id: 'b', type: 'button', value, action_ts: '1.2' }],
    });
    expect(response.statusCode).toBe(200);
    return url.replace(/^.*(\/respond\/)/, '$1');
  };
  const lastView: QaWorld['lastView'] = async (callbackId) => {
    const opened = await waitFor(() =>
      fake
        .calls('views.open')
        .filter((c) => (c.body.view as ModalView).callback_id === callbackId)
        .at(-1),
    );
    const view = opened.body.view as ModalView;
    assertWithinLimits({ kind: 'modal', view });
    return view;
  };
  return {
    h,
    fake,
    folder,
    send,
    answerAt,
    click,
    lastView,
    async command(text, userId) {
      counter += 1;
      const url = fake.responseUrl(`cmd-${counter}`);
      const body = slashCommand(text, url, userId);
      const response = await h.server.inject({
        method: 'POST',
        url: '/slack/events',
        payload: body,
        headers: signed(body),
      });
      expect(response.statusCode).toBe(200);
      return answerAt(url.replace(/^.*(\/respond\/)/, '$1'));
    },
    async submit(view, values, userId) {
      const response = await send({
        type: 'view_submission',
        user: user(userId),
        team: { id: 'T1' },
        trigger_id: 'trig-view',
        view: {
          id: 'V1',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          state: { values },
          hash: 'h',
        },
        response_urls: [],
      });
      return {
        status: response.statusCode,
        body: response.body === '' ? {} : (response.json() as Submitted['body']),
      };
    },
    async clickForView(actionId, value, userId, callbackId) {
      const before = fake.calls('views.open').length;
      await click(actionId, value, userId);
      await waitFor(() => (fake.calls('views.open').length > before ? true : undefined));
      return lastView(callbackId);
    },
    dmsTo: (userId) =>
      fake
        .calls('chat.postMessage')
        .map((c) => c.body)
        .filter((b) => b.channel === userId),
    async close() {
      await h.server.close();
      await fake.close();
    },
  };
}

/** A rating as Slack submits a static_select. */
export const rate = (index: number, value: string): Values => ({
  [`qa.rating.${index}`]: { [`qa.rating.${index}`]: { type: 'static_select', selected_option: { value } } },
});
export const text = (blockId: string, value: string): Values => ({
  [blockId]: { [blockId]: { type: 'plain_text_input', value } },
});
export const picked = (blockId: string, values: string[]): Values => ({
  [blockId]: {
    [blockId]: { type: 'multi_static_select', selected_options: values.map((value) => ({ value })) },
  },
});

/** The input blocks of a view, by block id. */
export function inputs(view: ModalView): Map<string, Extract<Block, { type: 'input' }>> {
  return new Map(
    view.blocks
      .filter((b): b is Extract<Block, { type: 'input' }> => b.type === 'input')
      .map((b) => [b.block_id, b]),
  );
}

/** The static select of an input block (a rating), failing the test when there is none. */
export function selectOf(view: ModalView, blockId: string): StaticSelect {
  const element = inputs(view).get(blockId)?.element;
  if (element?.type !== 'static_select') throw new Error(`no select in block ${blockId}`);
  return element;
}

/** The value of the first button with this action id anywhere in a message body's blocks. */
export function buttonValue(body: Record<string, unknown>, actionId: string): string {
  const search = (node: unknown): string | undefined => {
    if (Array.isArray(node)) return node.map(search).find((v) => v !== undefined);
    if (typeof node !== 'object' || node === null) return undefined;
    const record = node as Record<string, unknown>;
    if (record.action_id === actionId && typeof record.value === 'string') return record.value;
    return Object.values(record)
      .map(search)
      .find((v) => v !== undefined);
  };
  const found = search(body.blocks);
  if (found === undefined) throw new Error(`no ${actionId} button in ${JSON.stringify(body.blocks)}`);
  return found;
}
