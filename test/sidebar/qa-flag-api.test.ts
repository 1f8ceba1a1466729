import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Casebridge } from '../../apps/composition-root.js';
import type { SidebarPayload, SidebarQaFlagged } from '../../apps/zendesk-sidebar/src/api-types.js';
import type { QaFlag } from '../../shared/domain/index.js';
import { runCli } from '../helpers/cli.js';
import { storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { bearer, NOW, ROOT, sidebarCasebridge, sidebarServer, token } from './harness.js';
import { REVIEWER, seedCustomer } from './seed.js';

const kinds = await storeKinds();
const URL = '/api/sidebar/qa/flags';
const TICKET_101 = 'zendesk-main:101';

describe.each(kinds)('sidebar "Flag for QA review" API on %s', (kind) => {
  let casebridge: Casebridge;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof sidebarServer>;
  let databaseUrl: string;
  beforeAll(async () => {
    ({ casebridge, dispose } = await sidebarCasebridge(kind));
    databaseUrl = casebridge.config.database;
    // Ticket 101 already carries a flag raised in Slack (`qa-zendesk-main:101`, still open).
    await seedCustomer(casebridge.store);
    await casebridge.store.tickets.upsertMany([
      aTicket({ source: 'zendesk-main', externalId: '102', subject: 'Password reset' }),
      aTicket({ source: 'zendesk-main', externalId: '103', subject: 'Invoice address' }),
    ]);
    app = sidebarServer(casebridge);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const post = (body: unknown, t: string | null = token()) =>
    app.inject({
      method: 'POST',
      url: URL,
      ...(t !== null && { headers: bearer(t) }),
      ...(body !== undefined && { payload: body as Record<string, unknown> }),
    });
  const agent = (email: string) => token({ email, role: 'agent' });
  const flagsOf = (ticketId: string) => casebridge.store.qaFlags.listForTicket(ticketId);
  const flagAudits = async () =>
    (await casebridge.store.auditLog.recent(200)).filter((a) => a.action === 'qa.flag');
  const payload = async (id: string) =>
    (
      await app.inject({ method: 'GET', url: `/api/sidebar/tickets/${id}`, headers: bearer(token()) })
    ).json<SidebarPayload>();

  it('queues a flag as the JWT agent, audited, in the queue and in the next first paint', async () => {
    const response = await post(
      {
        ticketId: '101',
        reason: '  Promised a refund outside the policy window  ',
        category: 'policy',
        severity: 'high',
      },
      agent('al@acme.test'),
    );
    expect(response.statusCode).toBe(201);
    const flagged = response.json<SidebarQaFlagged>();
    expect(flagged.flag).toEqual({
      id: expect.stringMatching(/^qaf_[0-9a-f]{32}$/),
      flaggedBy: 'al@acme.test',
      reason: 'Promised a refund outside the policy window',
      category: 'policy',
      severity: 'high',
      status: 'open',
      createdAt: NOW.toISOString(),
      permalink: null,
    });
    expect(flagged.message).toBe('flagged ticket 101 for QA review: it is in the QA queue');
    // The ticket's flags, new one included, so the panel shows it without a reload.
    expect(flagged.flags.map((f) => f.id).sort()).toEqual([flagged.flag.id, 'qa-zendesk-main:101'].sort());

    const stored = await casebridge.store.qaFlags.get(flagged.flag.id);
    expect(stored).toEqual<QaFlag>({
      id: flagged.flag.id,
      ticketId: TICKET_101,
      flaggedBy: 'al@acme.test',
      reason: 'Promised a refund outside the policy window',
      category: 'policy',
      severity: 'high',
      permalink: null,
      source: 'sidebar',
      status: 'open',
      createdAt: NOW.toISOString(),
      claimedBy: null,
      claimedAt: null,
    });
    expect(await flagAudits()).toEqual([
      expect.objectContaining({
        actor: 'zendesk:al@acme.test',
        target: TICKET_101,
        details: { flag: flagged.flag.id, category: 'policy', severity: 'high', source: 'sidebar' },
      }),
    ]);
    const queued = (await casebridge.services.qa.queue()).find((f) => f.id === flagged.flag.id);
    expect(queued).toMatchObject({ source: 'sidebar', status: 'open', ticketId: TICKET_101 });
    const { qa, qaFlags } = await payload('101');
    expect(qa.flags).toContainEqual(flagged.flag);
    expect(qaFlags).toEqual(qa.flags);
  });

  it('shows the flag in `casebridge qa queue` run against the same database', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'casebridge-sidebar-queue-'));
    writeFileSync(
      join(cwd, 'casebridge.yaml'),
      stringify({ database: databaseUrl, qa: { scorecards: join(ROOT, 'scorecards') } }),
    );
    const queue = await runCli(['qa', 'queue', '--json'], { cwd });
    expect(queue.stderr).toBe('');
    expect(queue.code).toBe(0);
    const flags = JSON.parse(queue.stdout) as QaFlag[];
    expect(flags).toContainEqual(
      expect.objectContaining({
        ticketId: TICKET_101,
        source: 'sidebar',
        flaggedBy: 'al@acme.test',
        reason: 'Promised a refund outside the policy window',
      }),
    );
  });

  it('leaves category and severity unset when not chosen, and names an agent without an email by id', async () => {
    const response = await post(
      { ticketId: '102', reason: 'Check the tone' },
      token({ sub: '777', email: undefined, role: 'agent' }),
    );
    expect(response.statusCode).toBe(201);
    const { flag } = response.json<SidebarQaFlagged>();
    expect(flag).toMatchObject({ flaggedBy: 'zendesk:777', category: null, severity: null });
    const audit = (await flagAudits()).find((a) => a.details.flag === flag.id);
    expect(audit).toMatchObject({ actor: 'zendesk:777', target: 'zendesk-main:102' });
  });

  it('takes a reason of exactly the limit after trimming', async () => {
    const reason = 'x'.repeat(3000);
    const response = await post({ ticketId: '102', reason: `\n ${reason} \n` }, agent('max@acme.test'));
    expect(response.statusCode).toBe(201);
    expect(response.json<SidebarQaFlagged>().flag.reason).toBe(reason);
  });

  it('refuses a second flag by the same agent while the first waits in the queue (409), not by others', async () => {
    const before = (await flagsOf(TICKET_101)).length;
    const audits = (await flagAudits()).length;
    for (const sameAgent of [agent('al@acme.test'), agent('AL@Acme.test')]) {
      const again = await post({ ticketId: '101', reason: 'Still worried about it' }, sameAgent);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('qa.flag_open');
      expect(again.json().error.message).toMatch(
        /^you already flagged ticket 101 for QA review on 2026-03-10 12:00 UTC and that flag is still open: it is in the QA queue/,
      );
    }
    expect(await flagsOf(TICKET_101)).toHaveLength(before);
    expect(await flagAudits()).toHaveLength(audits);
    // Another agent's view of the same ticket is a flag of its own.
    const other = await post({ ticketId: '101', reason: 'The macro was wrong' }, agent('bo@acme.test'));
    expect(other.statusCode).toBe(201);
  });

  it('still refuses once the first flag is claimed, and accepts a new one once it is discarded', async () => {
    const mine = (await flagsOf(TICKET_101)).find((f) => f.flaggedBy === 'al@acme.test');
    if (mine === undefined) throw new Error("al's flag was not stored");
    await casebridge.services.qa.claim(mine.id, REVIEWER);
    const claimed = await post({ ticketId: '101', reason: 'Again' }, agent('al@acme.test'));
    expect(claimed.statusCode).toBe(409);
    expect(claimed.json().error.message).toContain(`that flag is still claimed, claimed by ${REVIEWER}`);

    await casebridge.services.qa.discard(mine.id, REVIEWER);
    const fresh = await post({ ticketId: '101', reason: 'It happened again' }, agent('al@acme.test'));
    expect(fresh.statusCode).toBe(201);
    const { flag } = fresh.json<SidebarQaFlagged>();
    expect(flag.id).not.toBe(mine.id);
    expect(flag.status).toBe('open');
  });

  it('lets exactly one of three simultaneous submissions by the same agent in (the rest get 409)', async () => {
    const t = agent('twin@acme.test');
    const body = { ticketId: '103', reason: 'Double-clicked submit' };
    const responses = await Promise.all([post(body, t), post(body, t), post(body, t)]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await flagsOf('zendesk-main:103')).toHaveLength(1);
    expect((await flagAudits()).filter((a) => a.target === 'zendesk-main:103')).toHaveLength(1);
  });

  it.each([
    ['no token', null, { ticketId: '101', reason: 'x' }, 401, 'unauthorized', /Bearer/],
    [
      'a forged token',
      token({}, 'another-secret-0123456789'),
      { ticketId: '101', reason: 'x' },
      401,
      'unauthorized',
      /signature/,
    ],
    [
      'an expired token',
      token({}, undefined, new Date(NOW.getTime() - 10 * 60_000)),
      { ticketId: '101', reason: 'x' },
      401,
      'unauthorized',
      /expired/,
    ],
    [
      'an end user (whatever role the token claims)',
      token({ email: 'jo@globex.test', role: 'admin' }),
      { ticketId: '101', reason: 'x' },
      403,
      'forbidden',
      /may not flag tickets for QA review/,
    ],
    ['no body', token(), undefined, 400, 'bad_request', /ticketId/],
    ['no reason', token(), { ticketId: '101' }, 400, 'bad_request', /reason/],
    [
      'an empty reason',
      token(),
      { ticketId: '101', reason: ' \n\t ' },
      400,
      'bad_request',
      /reason: say why the ticket needs a QA review/,
    ],
    [
      'a reason over 3000 characters',
      token(),
      { ticketId: '101', reason: 'y'.repeat(3001) },
      400,
      'bad_request',
      /reason: keep the reason under 3000 characters/,
    ],
    [
      'a flagger named in the body',
      token(),
      { ticketId: '101', reason: 'x', flaggedBy: 'someone-else@acme.test' },
      400,
      'bad_request',
      /flaggedBy/,
    ],
    [
      'a category Slack does not offer',
      token(),
      { ticketId: '101', reason: 'x', category: 'rudeness' },
      400,
      'bad_request',
      /category/,
    ],
    [
      'a severity Slack does not offer',
      token(),
      { ticketId: '101', reason: 'x', severity: 'critical' },
      400,
      'bad_request',
      /severity/,
    ],
    [
      'a ticket id that is not one',
      token(),
      { ticketId: '101 or 1=1', reason: 'x' },
      400,
      'bad_request',
      /Zendesk ticket id/,
    ],
    [
      'an unknown ticket',
      token(),
      { ticketId: '999999', reason: 'x' },
      404,
      'tickets.unknown',
      /ticket 999999 is not in casebridge/,
    ],
  ])('refuses a flag with %s, queueing nothing', async (_name, t, body, status, code, message) => {
    const before = (await casebridge.services.qa.queue(500)).length;
    const audits = (await flagAudits()).length;
    const response = await post(body, t);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(message);
    expect(await casebridge.services.qa.queue(500)).toHaveLength(before);
    expect(await flagAudits()).toHaveLength(audits);
  });
});
