import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect } from 'vitest';
import type { ModalView } from '../../apps/slack-bot/blocks/types.js';
import { QA_ACTION, QA_VIEW } from '../../apps/slack-bot/qa/ids.js';
import { DEMO_SIGNING_SECRET, slackSignedHeaders } from '../helpers/demo.js';
import type { FakeSlack } from './harness.js';
import { buttonValue } from './qa-world.js';

/**
 * Issue 9's "done when", step by step against a running demo (`casebridge start`): a QA flag raised
 * through a signed Slack request on a Zendesk ticket with an assignee, reviewed through signed
 * block_actions and view_submission requests. Shared so the sidebar's check of the same ticket
 * can reuse it (see `reviewDemoTicketInSlack`).
 */

export { DEMO_SIGNING_SECRET };
/** The Slack user acting in the demo: listed in SLACK_ADMIN_USERS, so QA verbs are allowed. */
export const DEMO_REVIEWER = 'U123QALEAD';
export const DEMO_REVIEWER_EMAIL = 'qa.lead@demo.example';
/** The Slack user users.lookupByEmail finds for the reviewed ticket's assignee. */
export const DEMO_AGENT = 'U456AGENT';

export interface DemoTicket {
  id: string;
  number: string;
  assigneeEmail: string;
}

/** A synced Zendesk ticket with an assignee who has an email, a written channel and a number no other ticket has. */
export function pickDemoTicket(dataDir: string): DemoTicket {
  const database = new SqliteDatabase(join(dataDir, 'casebridge.db'), { readonly: true });
  try {
    const row = database
      .prepare(
        `select t.id, t.number, p.email as assigneeEmail
           from tickets t join people p on p.id = t.assignee_id
          where t.source = 'zendesk-demo' and t.deleted = 0 and p.email is not null
            and t.channel in ('email', 'web', 'api')
            and not exists (select 1 from tickets o where o.number = t.number and o.id <> t.id)
          order by t.id limit 1`,
      )
      .get() as DemoTicket | undefined;
    if (row === undefined) throw new Error('the demo synced no Zendesk ticket with an assignee');
    return row;
  } finally {
    database.close();
  }
}

/** users.info and users.lookupByEmail of the demo's Slack workspace. */
export function demoDirectory(ticket: () => DemoTicket | undefined) {
  return (path: string, body: Record<string, unknown>): unknown => {
    if (path.endsWith('/users.info'))
      return {
        ok: true,
        user: { id: body.user, profile: body.user === DEMO_REVIEWER ? { email: DEMO_REVIEWER_EMAIL } : {} },
      };
    if (path.endsWith('/users.lookupByEmail'))
      return body.email === ticket()?.assigneeEmail
        ? { ok: true, user: { id: DEMO_AGENT } }
        : { ok: false, error: 'users_not_found' };
    return undefined;
  };
}

async function post(base: string, body: string): Promise<Response> {
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: slackSignedHeaders(body),
    body,
  });
  expect(response.status).toBe(200);
  return response;
}

let sent = 0;

/**
 * Flag → Claim & review → submit, all as signed requests to the demo at `base`. Returns the flag
 * id and the score the saved-review modal showed.
 */
export async function reviewDemoTicketInSlack(input: {
  base: string;
  fake: FakeSlack;
  ticket: DemoTicket;
}): Promise<{ flagId: string; score: number }> {
  const { base, fake, ticket } = input;
  sent += 1;
  const hook = fake.responseUrl(`demo-${sent}`);
  await post(
    base,
    new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      team_domain: 'acme',
      channel_id: 'C1',
      channel_name: 'support',
      user_id: DEMO_REVIEWER,
      user_name: 'qa-lead',
      command: '/casebridge',
      text: `qa flag ${ticket.number} promised a refund outside the policy`,
      response_url: hook,
      trigger_id: `demo.trigger.${sent}`,
      api_app_id: 'A1',
    }).toString(),
  );
  const path = hook.replace(/^.*(\/respond\/)/, '$1');
  await expect.poll(() => fake.received.some((r) => r.path === path), { timeout: 20_000 }).toBe(true);
  const confirmation = fake.received.find((r) => r.path === path)?.body as Record<string, unknown>;
  expect(String(confirmation.text)).toContain(`Flagged ticket ${ticket.number}`);
  const flagId = buttonValue(confirmation, QA_ACTION.claim);

  const opened = fake.calls('views.open').length;
  await post(
    base,
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: DEMO_REVIEWER, username: 'qa-lead', team_id: 'T1' },
        api_app_id: 'A1',
        team: { id: 'T1', domain: 'acme' },
        container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
        trigger_id: `demo.trigger.claim.${sent}`,
        channel: { id: 'C1', name: 'support' },
        response_url: fake.responseUrl(`demo-claim-${sent}`),
        actions: [
          { action_id: QA_ACTION.claim, block_id: 'b', type: 'button', value: flagId, action_ts: '1.2' },
        ],
      }),
    }).toString(),
  );
  await expect.poll(() => fake.calls('views.open').length, { timeout: 20_000 }).toBe(opened + 1);
  const view = fake.calls('views.open').at(-1)?.body.view as ModalView;
  expect(view.callback_id).toBe(QA_VIEW.review);

  // The best rating everywhere but the first category, which gets the next one down.
  const values: Record<string, unknown> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || block.element.type !== 'static_select') continue;
    const options = block.element.options;
    const chosen = Object.keys(values).length === 0 ? options[1] : options[0];
    values[block.block_id] = { [block.block_id]: { type: 'static_select', selected_option: chosen } };
  }
  values['qa.comment'] = {
    'qa.comment': { type: 'plain_text_input', value: 'Solid answer; greet by name.' },
  };
  const submitted = await post(
    base,
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        user: { id: DEMO_REVIEWER, username: 'qa-lead', team_id: 'T1' },
        team: { id: 'T1' },
        view: {
          id: 'V1',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values },
          hash: 'h',
        },
      }),
    }).toString(),
  );
  const answer = (await submitted.json()) as { response_action?: string; view?: ModalView };
  expect(answer.response_action).toBe('update');
  const score = /scored \*([\d.]+)%\*/.exec(JSON.stringify(answer.view?.blocks))?.[1];
  if (score === undefined) throw new Error(`no score in ${JSON.stringify(answer)}`);
  return { flagId, score: Number(score) };
}
