import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { assertWithinLimits } from '../../apps/slack-bot/blocks/limits.js';
import type { ModalView } from '../../apps/slack-bot/blocks/types.js';
import { QA_ACTION, QA_VIEW } from '../../apps/slack-bot/qa/ids.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aScorecardYaml } from '../qa/fixtures.js';
import {
  buttonValue,
  inputs,
  picked,
  type QaWorld,
  qaWorld,
  rate,
  selectOf,
  text,
  ticketId,
  type Values,
} from './qa-world.js';

const kinds = await storeKinds();

/** greeting (binary), resolution (5-point), tone (4-point, N/A allowed), compliance (3-point, critical, N/A allowed). */
const GOOD: Values = { ...rate(0, '1'), ...rate(1, '4'), ...rate(2, '3'), ...rate(3, 'na') };

describe.each(kinds)('QA in Slack on %s: flag → claim → review → DM → dispute → resolve', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let w: QaWorld;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    w = await qaWorld(store);
  });
  afterAll(async () => {
    await w.close();
    await dispose();
  });

  /** Flags a ticket with the slash command; returns the flag id from the QA channel post. */
  const flag = async (ticket: string) => {
    const answer = await w.command(`qa flag ${ticket} the refund promise was wrong`, 'UQA');
    expect(String(answer.text)).toContain(`Flagged ticket ${ticket}`);
    const posted = w.fake
      .calls('chat.postMessage')
      .map((c) => c.body)
      .filter((b) => b.channel === 'C-QA')
      .at(-1);
    if (posted === undefined) throw new Error('nothing posted to the QA channel');
    assertWithinLimits({ kind: 'message', body: posted as never });
    return buttonValue(posted, QA_ACTION.claim);
  };
  /** Claims and opens the review form as `user`; the modal that views.open got. */
  const open = (flagId: string, user = 'UQA') =>
    w.clickForView(QA_ACTION.claim, flagId, user, QA_VIEW.review);
  let reviewed: { flagId: string; view: ModalView };

  it('a QA flag posted to the QA channel has "Claim & review"; an agent is refused the claim', async () => {
    const flagId = await flag('201');
    const refused = await w.answerAt(await w.click(QA_ACTION.claim, flagId, 'UAGENT'));
    expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refused.text)).toContain('only QA staff or managers or admins can review tickets');
    expect((await store.qaFlags.get(flagId))?.status).toBe('open');
    reviewed = { flagId, view: await open(flagId) };
  });

  it('claiming opens the review modal built from the scorecard', async () => {
    const { flagId, view } = reviewed;
    expect(await store.qaFlags.get(flagId)).toMatchObject({ status: 'claimed', claimedBy: 'rita@acme.test' });
    const meta = JSON.parse(view.private_metadata ?? '{}');
    const form = await w.h.bot.deps.services.qa.reviewForm(flagId);
    expect(meta).toEqual({
      flagId,
      versionId: form.scorecard.versionId,
      reviewer: 'rita@acme.test',
      userId: 'UQA',
    });
    const fields = inputs(view);
    const options = (i: number) => selectOf(view, `qa.rating.${i}`).options.map((o) => o.value);
    expect(options(0)).toEqual(['1', '0']); // binary, N/A not allowed
    expect(options(1)).toEqual(['5', '4', '3', '2', '1']);
    expect(options(2)).toEqual(['4', '3', '2', '1', 'na']); // N/A allowed
    expect(options(3)).toEqual(['3', '2', '1', 'na']);
    expect(fields.get('qa.rating.1')?.hint?.text).toContain('• Finds the root cause');
    expect(fields.get('qa.rating.3')?.label.text).toContain('critical');
    expect(fields.get('qa.rating.0')?.optional).toBe(false);
    expect(JSON.stringify(fields.get('qa.failed')?.element)).toContain('"value":"1.1"');
    expect(fields.get('qa.comment')?.optional).toBe(true);
  });

  it('a submission with bad ratings answers field errors on the right blocks and stores nothing', async () => {
    const { view } = reviewed;
    const bad = await w.submit(
      view,
      { ...rate(0, 'na'), ...rate(1, '9'), ...rate(3, '2'), ...picked('qa.failed', ['7.7']) },
      'UQA',
    );
    expect(bad.body.response_action).toBe('errors');
    expect(Object.keys(bad.body.errors ?? {}).sort()).toEqual([
      'qa.failed',
      'qa.rating.0',
      'qa.rating.1',
      'qa.rating.2',
    ]);
    expect(bad.body.errors?.['qa.rating.0']).toContain('is not a rating of Greeting');
    expect(bad.body.errors?.['qa.rating.1']).toContain('pick one of 5, 4, 3, 2, 1');
    expect(bad.body.errors?.['qa.rating.2']).toContain('Rate Tone');
    // The form was opened for UQA: another reviewer cannot submit it.
    const notTheirs = await w.submit(view, GOOD, 'UGROUPIE');
    expect(notTheirs.body.errors?.['qa.rating.0']).toContain('out of date or not yours');
    expect(await store.qaReviews.listForTicket(ticketId('201'))).toEqual([]);
  });

  it('a valid submission is stored, the modal shows the score, and the agent gets a DM with Dispute', async () => {
    const { flagId, view } = reviewed;
    const ok = await w.submit(
      view,
      { ...GOOD, ...picked('qa.failed', ['2.0']), ...text('qa.comment', 'Good fix, a bit curt') },
      'UQA',
    );
    expect(ok.body.response_action).toBe('update');
    expect(JSON.stringify(ok.body.view?.blocks)).toContain('scored *75%*');
    assertWithinLimits({ kind: 'modal', view: ok.body.view as ModalView });
    const [review] = await store.qaReviews.listForTicket(ticketId('201'));
    expect(review).toMatchObject({
      flagId,
      reviewer: 'rita@acme.test',
      agentEmail: 'ana@acme.test',
      score: 75,
      failedItems: { tone: ['empathy'] },
      comment: 'Good fix, a bit curt',
    });
    await expect.poll(() => w.dmsTo('UAGENT').length).toBe(1);
    const dm = w.dmsTo('UAGENT')[0] as Record<string, unknown>;
    assertWithinLimits({ kind: 'message', body: dm as never });
    expect(String(dm.text)).toContain('reviewed against "Email support": 75%');
    expect(buttonValue(dm, QA_ACTION.dispute)).toBe(review?.id);
    expect(w.fake.calls('users.lookupByEmail').map((c) => c.body.email)).toContain('ana@acme.test');
    await expect
      .poll(async () => (await w.h.bot.deps.services.qa.history(review?.id ?? '')).events.map((e) => e.type))
      .toEqual(['submitted', 'notified']);
  });

  it('submitting the same form again is refused as a double submission', async () => {
    const again = await w.submit(reviewed.view, GOOD, 'UQA');
    expect(again.body.errors?.['qa.rating.0']).toContain('has already been reviewed');
    expect(await store.qaReviews.listForTicket(ticketId('201'))).toHaveLength(1);
    expect(w.dmsTo('UAGENT')).toHaveLength(1);
  });

  it('only the reviewed agent may dispute: another user’s dispute is refused in the modal', async () => {
    const [review] = await store.qaReviews.listForTicket(ticketId('201'));
    const view = await w.clickForView(QA_ACTION.dispute, review?.id ?? '', 'UQA', QA_VIEW.dispute);
    const refused = await w.submit(view, text('qa.comment', 'I disagree'), 'UQA');
    expect(refused.body.errors?.['qa.comment']).toContain('only the reviewed agent may dispute');
  });

  it('the agent disputes with a proposal; the reviewer gets a DM with Accept and Reject', async () => {
    const [review] = await store.qaReviews.listForTicket(ticketId('201'));
    const view = await w.clickForView(QA_ACTION.dispute, review?.id ?? '', 'UAGENT', QA_VIEW.dispute);
    expect(selectOf(view, 'qa.rating.2').initial_option?.value).toBe('3'); // starts at the current rating
    const empty = await w.submit(view, text('qa.comment', '  '), 'UAGENT');
    expect(empty.body.errors?.['qa.comment']).toBe('Say what is wrong with the review.');

    const sent = await w.submit(
      view,
      { ...GOOD, ...rate(2, '4'), ...text('qa.comment', 'I apologised in the second paragraph') },
      'UAGENT',
    );
    expect(sent.body.response_action).toBe('update');
    const [dispute] = await store.qaDisputes.listOpen();
    expect(dispute).toMatchObject({
      agent: 'ana@acme.test',
      proposed: { greeting: 1, resolution: 4, tone: 4, compliance: 'na' },
    });
    await expect.poll(() => w.dmsTo('UQA').length).toBe(1);
    const dm = w.dmsTo('UQA')[0] as Record<string, unknown>;
    assertWithinLimits({ kind: 'message', body: dm as never });
    expect(JSON.stringify(dm.blocks)).toContain('Tone: 3 → 4');
    expect(buttonValue(dm, QA_ACTION.accept)).toBe(dispute?.id);
    expect(buttonValue(dm, QA_ACTION.reject)).toBe(dispute?.id);
  });

  it('Accept: refused to a reviewer who is neither the reviewer nor a lead; the reviewer rescores and the agent is told', async () => {
    const [dispute] = await store.qaDisputes.listOpen();
    const refused = await w.answerAt(await w.click(QA_ACTION.accept, dispute?.id ?? '', 'UGROUPIE'));
    expect(String(refused.text)).toContain('only the reviewer (rita@acme.test) or a QA lead');

    const view = await w.clickForView(QA_ACTION.accept, dispute?.id ?? '', 'UQA', QA_VIEW.resolve);
    expect(selectOf(view, 'qa.rating.2').initial_option?.value).toBe('4');
    const done = await w.submit(view, { ...GOOD, ...rate(2, '4'), ...text('qa.note', 'fair') }, 'UQA');
    expect(done.body.response_action).toBe('update');
    expect(JSON.stringify(done.body.view?.blocks)).toContain('now scores *85%*');
    expect(await store.qaDisputes.get(dispute?.id ?? '')).toMatchObject({
      status: 'accepted',
      resolvedBy: 'rita@acme.test',
    });
    const [review] = await store.qaReviews.listForTicket(ticketId('201'));
    expect(review).toMatchObject({ status: 'resolved', score: 85 });
    await expect.poll(() => w.dmsTo('UAGENT').length).toBe(2);
    expect(String(w.dmsTo('UAGENT')[1]?.text)).toContain('accepted: the score is now 85%');
    // The dispute is settled: its buttons now answer so.
    const late = await w.answerAt(await w.click(QA_ACTION.reject, dispute?.id ?? '', 'UQA'));
    expect(String(late.text)).toContain('already accepted by rita@acme.test');
  });

  it('Reject by a QA lead (listed by email), from `/casebridge qa review <ticket>`; the agent is told', async () => {
    await flag('202');
    const before = w.fake.calls('views.open').length;
    const answer = await w.command('qa review 202', 'UQA');
    expect(String(answer.text)).toContain('Opened the review form');
    await expect.poll(() => w.fake.calls('views.open').length).toBe(before + 1);
    const view = await w.lastView(QA_VIEW.review);
    expect((await w.submit(view, GOOD, 'UQA')).body.response_action).toBe('update');
    const [review] = await store.qaReviews.listForTicket(ticketId('202'));
    const disputeView = await w.clickForView(QA_ACTION.dispute, review?.id ?? '', 'UAGENT', QA_VIEW.dispute);
    await w.submit(disputeView, text('qa.comment', 'The customer never asked for a refund'), 'UAGENT');
    const [dispute] = await store.qaDisputes.listOpen();
    expect(dispute?.proposed).toBeNull();

    const rejectView = await w.clickForView(QA_ACTION.reject, dispute?.id ?? '', 'UMANAGER', QA_VIEW.resolve);
    expect(inputs(rejectView).has('qa.rating.0')).toBe(false);
    const done = await w.submit(rejectView, text('qa.note', 'The reply did promise one'), 'UMANAGER');
    expect(JSON.stringify(done.body.view?.blocks)).toContain('keeps *75%*');
    expect(await store.qaDisputes.get(dispute?.id ?? '')).toMatchObject({
      status: 'rejected',
      resolvedBy: 'lead@acme.test',
    });
    await expect.poll(() => w.dmsTo('UAGENT').some((m) => String(m.text).includes('rejected'))).toBe(true);
  });

  it('self-review is refused at the claim for a reviewer whose Slack email is the assignee’s', async () => {
    const flagId = await flag('203');
    const refused = await w.answerAt(await w.click(QA_ACTION.claim, flagId, 'UQA'));
    expect(String(refused.text)).toContain('rita@acme.test is the agent on ticket 203 and cannot review it');
    expect((await store.qaFlags.get(flagId))?.status).toBe('open');
  });

  it('self-review is refused at submission when the ticket was reassigned to the reviewer meanwhile', async () => {
    const flagId = await flag('204');
    const view = await open(flagId);
    const ticket = await store.tickets.get(ticketId('204'));
    await store.tickets.upsertMany([
      {
        ...(ticket as NonNullable<typeof ticket>),
        assigneeId: ticketId('rita'),
        updatedAt: new Date().toISOString(),
      },
    ]);
    const refused = await w.submit(view, GOOD, 'UQA');
    expect(refused.body.errors?.['qa.rating.0']).toContain('is the agent on ticket 204 and cannot review it');
    expect(await store.qaReviews.listForTicket(ticketId('204'))).toEqual([]);
  });

  it('an agent Slack does not know gets no DM: the review is kept and not marked notified', async () => {
    const flagId = await flag('205');
    const view = await open(flagId);
    const dms = w.fake.calls('chat.postMessage').length;
    expect((await w.submit(view, GOOD, 'UQA')).body.response_action).toBe('update');
    await expect
      .poll(() => w.fake.calls('users.lookupByEmail').some((c) => c.body.email === 'bob@acme.test'))
      .toBe(true);
    const [review] = await store.qaReviews.listForTicket(ticketId('205'));
    expect(review).toMatchObject({ score: 75, notifiedAt: null });
    expect(w.fake.calls('chat.postMessage').length).toBe(dms);
  });

  it('a reviewer whose email Slack does not give is refused the claim rather than risk self-review', async () => {
    const flagId = await flag('206');
    // UADMIN was never looked up, so nothing is cached for them: this users.info call fails.
    w.fake.queue('/api/users.info', { status: 200, body: { ok: false, error: 'user_not_found' } });
    const refused = await w.answerAt(await w.click(QA_ACTION.claim, flagId, 'UADMIN'));
    expect(String(refused.text)).toContain('could not read your email address from Slack');
    expect((await store.qaFlags.get(flagId))?.status).toBe('open');
  });

  it('a forged view_submission is refused with 401 and stores nothing', async () => {
    const flagId = await flag('207');
    const view = await open(flagId);
    const forged = await w.send(
      {
        type: 'view_submission',
        user: { id: 'UQA', username: 'uqa', team_id: 'T1' },
        team: { id: 'T1' },
        view: {
          id: 'V1',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: GOOD },
        },
      },
      'not-the-signing-secret',
    );
    expect(forged.statusCode).toBe(401);
    expect(await store.qaReviews.listForTicket(ticketId('207'))).toEqual([]);
  });

  it('a scorecard edited while the form was open: the submission is refused as superseded', async () => {
    const flagId = (await store.qaFlags.listForTicket(ticketId('207')))[0]?.id ?? '';
    const view = await w.lastView(QA_VIEW.review);
    expect(JSON.parse(view.private_metadata ?? '{}').flagId).toBe(flagId);
    const edited = aScorecardYaml({ name: 'Email support v2' });
    writeFileSync(join(w.folder, 'email.yaml'), stringify(edited));
    w.h.bot.deps.services.qa.reloadScorecards();
    const refused = await w.submit(view, GOOD, 'UQA');
    expect(refused.body.errors?.['qa.rating.0']).toContain('changed since this form was opened');
    expect(await store.qaReviews.listForTicket(ticketId('207'))).toEqual([]);
    // Reopening gives the current version, which is accepted.
    const fresh = await open(flagId);
    expect((await w.submit(fresh, GOOD, 'UQA')).body.response_action).toBe('update');
  });

  it('`/casebridge qa report` shows IQS, agents, workload and disputes; agents are refused', async () => {
    const refused = await w.command('qa report', 'UAGENT');
    expect(String(refused.text)).toContain('Sorry, only QA staff or managers');
    const usage = await w.command('qa report soon', 'UQA');
    expect(String(usage.text)).toContain('whole number of days');
    const report = await w.command('qa report 7', 'UMANAGER');
    assertWithinLimits({ kind: 'message', body: report as never });
    const json = JSON.stringify(report.blocks);
    expect(json).toContain('QA report: the last 7 days');
    expect(json).toContain('ana@acme.test');
    expect(json).toContain('rita@acme.test: 4 reviews');
    expect(json).toContain('Acknowledges the customer’s frustration');
  });

  it('`/casebridge qa review` of an unknown ticket or one without a flag answers what to do', async () => {
    expect(String((await w.command('qa review 999999', 'UQA')).text)).toContain(
      'no ticket 999999 in casebridge',
    );
    expect(String((await w.command('qa review 201', 'UQA')).text)).toContain(
      'ticket 201 has no QA flag waiting for a review',
    );
  });
});
