import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEMO_ESCALATION, DEMO_SLA } from '../../apps/demo-policies.js';
import { connectors } from '../../connectors/index.js';
import { runCli, startCli } from '../helpers/cli.js';

/**
 * Issue 5's "done when", as an admin would do it: the sandboxes running (`casebridge sandbox`), a
 * config pointing at them, then sync, jobs, pause/resume/reset/history, quarantine, and the admin API.
 */
const ADMIN_TOKEN = 'test-admin-token-0123456789';
const env = { CASEBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN };

describe('operating casebridge against the sandboxes', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-ops-'));
  let sandbox: Awaited<ReturnType<typeof startCli>>;

  beforeAll(async () => {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    sandbox = await startCli(['sandbox', '--port', String(base), '--size', '150'], {
      cwd,
      ready: /salesforce (http:\/\/\S+)/,
    });
    const zendeskUrl = sandbox.output().match(/zendesk (http:\/\/\S+)/)?.[1] as string;
    const salesforceUrl = sandbox.match[1] as string;
    expect(zendeskUrl).toBe(`http://127.0.0.1:${base}`);
    expect(salesforceUrl).toBe(`http://127.0.0.1:${base + 1}`);
    const connection = (kind: string, url: string) =>
      connectors.find((c) => c.kind === kind)?.sandbox?.connection(url) ?? {};
    const streams = (kind: string) =>
      connectors.find((c) => c.kind === kind)?.streams.map((s) => s.name) ?? [];
    const config = {
      database: 'sqlite:./data/ops.db',
      connections: [
        { id: 'zendesk-main', kind: 'zendesk', ...connection('zendesk', zendeskUrl) },
        { id: 'salesforce-main', kind: 'salesforce', ...connection('salesforce', salesforceUrl) },
      ],
      jobs: [
        {
          id: 'zendesk-all',
          connection: 'zendesk-main',
          streams: streams('zendesk'),
          every: '5m',
          startFrom: '2024-01-01',
        },
        {
          id: 'salesforce-all',
          connection: 'salesforce-main',
          streams: streams('salesforce'),
          every: '5m',
          startFrom: '2024-01-01',
        },
      ],
      server: { adminToken: '${CASEBRIDGE_ADMIN_TOKEN}' },
      sla: DEMO_SLA,
      escalation: DEMO_ESCALATION,
    };
    writeFileSync(join(cwd, 'casebridge.yaml'), stringify(config));
  }, 60_000);
  afterAll(async () => {
    sandbox?.proc.kill('SIGTERM');
    await sandbox?.exited;
  });

  it('syncs both CRMs, then lists healthy jobs with record counts', { timeout: 120_000 }, async () => {
    const sync = await runCli(['sync'], { cwd, env });
    expect(sync.stderr).not.toContain('casebridge:');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^✔ zendesk-all: [\d,]+ upserted/m);
    expect(sync.stdout).toMatch(/^✔ salesforce-all: [\d,]+ upserted/m);
    const jobs = JSON.parse((await runCli(['jobs', '--json'], { cwd, env })).stdout) as {
      job: string;
      status: string;
      recordsSynced: number;
    }[];
    expect(jobs.map((j) => [j.job, j.status])).toEqual([
      ['zendesk-all', 'healthy'],
      ['salesforce-all', 'healthy'],
    ]);
    for (const job of jobs) expect(job.recordsSynced).toBeGreaterThan(0);
    const table = (await runCli(['jobs'], { cwd, env })).stdout;
    expect(table.split('\n')[0]).toMatch(
      /^JOB\s+CONNECTION\s+STREAMS\s+SCHEDULE\s+LAST RUN\s+STATUS\s+RECORDS\s+LAG$/,
    );
    expect(table).toMatch(/zendesk-all\s+zendesk-main\s+\S+\s+every 5m\s+.* ago\s+healthy/);
  });

  it('answers sla today, escalations and kpis with readable tables and the same data as JSON', {
    timeout: 60_000,
  }, async () => {
    const today = await runCli(['sla', 'today'], { cwd, env });
    expect(today.code).toBe(0);
    expect(today.stdout).toMatch(/^SLA status for \d{4}-\d{2}-\d{2} \(America\/New_York\)$/m);
    expect(today.stdout).toMatch(
      /^GROUP\s+DUE\s+BREACHED\s+AT RISK\s+ACHIEVED\s+ATTAINMENT\s+EARLIER BREACHES$/m,
    );
    const todayJson = JSON.parse((await runCli(['sla', 'today', '--json'], { cwd, env })).stdout) as {
      totals: Record<string, number | null>;
      breached: unknown[];
    };
    expect((todayJson.totals.dueToday ?? 0) + (todayJson.totals.openBreachesEarlier ?? 0)).toBeGreaterThan(0);
    expect(todayJson.breached.length).toBeGreaterThan(0);
    expect(today.stdout).toContain(`${todayJson.totals.dueToday} due today`);

    const escalations = JSON.parse((await runCli(['escalations', '--json'], { cwd, env })).stdout) as {
      escalation: { ticketId: string; reasons: string[] };
    }[];
    expect(escalations.length).toBeGreaterThan(0);
    expect(escalations.some((e) => e.escalation.reasons.includes('escalated in the CRM'))).toBe(true);
    const table = (await runCli(['escalations'], { cwd, env })).stdout;
    expect(table.split('\n')[0]).toMatch(/^TICKET\s+LEVEL\s+OWNER\s+AGE\s+ACKNOWLEDGED\s+REASONS\s+SUBJECT$/);
    expect(table.trimEnd().split('\n')).toHaveLength(escalations.length + 1);

    const kpis = await runCli(['kpis', '--days', '30'], { cwd, env });
    expect(kpis.stdout).toMatch(/^Created\s+\d+$/m);
    const report = JSON.parse((await runCli(['kpis', '--days', '30', '--json'], { cwd, env })).stdout) as {
      volume: { created: number };
      slaAttainment: { of: number };
    };
    expect(report.volume.created).toBeGreaterThan(0);
    expect(report.slaAttainment.of).toBeGreaterThan(0);
    expect(kpis.stdout).toContain(`Created               ${report.volume.created}`);
  });

  it('resolves one customer across both CRMs by email', { timeout: 60_000 }, async () => {
    const people = (await runCli(['export', 'people'], { cwd, env })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { email: string | null; source: string });
    const sources = new Map<string, Set<string>>();
    for (const p of people)
      if (p.email !== null)
        sources.set(p.email.toLowerCase(), (sources.get(p.email.toLowerCase()) ?? new Set()).add(p.source));
    const shared = [...sources].find(([, s]) => s.size === 2)?.[0];
    expect(shared).toBeDefined();
    const customer = JSON.parse(
      (await runCli(['customer', shared as string, '--json'], { cwd, env })).stdout,
    ) as { people: { source: string }[]; recentTickets: { source: string }[] };
    expect(new Set(customer.people.map((p) => p.source))).toEqual(
      new Set(['zendesk-main', 'salesforce-main']),
    );
    expect(customer.recentTickets.length).toBeGreaterThan(0);
  });

  it('pauses, refuses to sync while paused, resumes, resets from a date, and shows history', {
    timeout: 120_000,
  }, async () => {
    expect(
      (await runCli(['jobs', 'pause', 'zendesk-all', '--reason', 'maintenance'], { cwd, env })).stdout,
    ).toContain('paused zendesk-all');
    const jobs = JSON.parse((await runCli(['jobs', '--json'], { cwd, env })).stdout) as {
      job: string;
      status: string;
      pausedReason: string | null;
    }[];
    expect(jobs[0]).toMatchObject({ job: 'zendesk-all', status: 'paused', pausedReason: 'maintenance' });
    const refused = await runCli(['sync', 'zendesk-all'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'casebridge: job zendesk-all is paused (maintenance) — resume it: casebridge jobs resume zendesk-all',
    );
    expect((await runCli(['jobs', 'resume', 'zendesk-all'], { cwd, env })).stdout).toContain(
      'resumed zendesk-all',
    );

    const notTty = await runCli(
      ['jobs', 'reset', 'zendesk-all', '--stream', 'tickets', '--from', '2025-01-01'],
      { cwd, env },
    );
    expect(notTty.code).toBe(1);
    expect(notTty.stderr).toContain(
      'refusing to reset without confirmation when not on a terminal — pass --yes',
    );
    const reset = await runCli(
      ['jobs', 'reset', 'zendesk-all', '--stream', 'tickets', '--from', '2025-01-01', '--yes'],
      { cwd, env },
    );
    expect(reset.stdout).toContain(
      'reset tickets of zendesk-all: the next sync re-reads from 2025-01-01T00:00:00.000Z',
    );
    expect((await runCli(['sync', 'zendesk-all'], { cwd, env })).code).toBe(0);
    const history = JSON.parse(
      (await runCli(['jobs', 'history', 'zendesk-all', '--json'], { cwd, env })).stdout,
    ) as { status: string }[];
    expect(history.map((r) => r.status).slice(0, 2)).toEqual(['succeeded', 'succeeded']);
    expect((await runCli(['jobs', 'history', 'zendesk-all'], { cwd, env })).stdout.split('\n')[0]).toMatch(
      /^RUN\s+STARTED\s+TRIGGER\s+STATUS/,
    );
    const quarantine = await runCli(['quarantine', 'list'], { cwd, env });
    expect(quarantine.code).toBe(0);
  });

  it('serves the same data on /api/admin/jobs with the admin token, and 401 without it', {
    timeout: 60_000,
  }, async () => {
    const server = await startCli(['start', '--port', '0'], {
      cwd,
      env,
      ready: /listening on (http:\/\/\S+)/,
    });
    try {
      const base = server.match[1] as string;
      const anonymous = await fetch(`${base}/api/admin/jobs`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        error: { code: 'unauthorized', message: 'send Authorization: Bearer <server.adminToken>' },
      });
      expect(
        (
          await fetch(`${base}/api/admin/jobs`, {
            headers: { authorization: 'Bearer wrong-token-wrong-token' },
          })
        ).status,
      ).toBe(401);
      const authorised = await fetch(`${base}/api/admin/jobs`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(authorised.status).toBe(200);
      const body = (await authorised.json()) as { jobs: { job: string; recordsSynced: number }[] };
      expect(body.jobs.map((j) => j.job)).toEqual(['zendesk-all', 'salesforce-all']);
      const runs = await fetch(`${base}/api/admin/jobs/zendesk-all/runs?limit=2`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(((await runs.json()) as { runs: unknown[] }).runs).toHaveLength(2);
      const missing = await fetch(`${base}/api/admin/jobs/nope/runs`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(missing.status).toBe(404);
      const pause = await fetch(`${base}/api/admin/jobs/salesforce-all/pause`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'x-casebridge-actor': 'ana',
        },
        body: JSON.stringify({ reason: 'quota' }),
      });
      expect(await pause.json()).toEqual({ job: 'salesforce-all', paused: true });
      const audit = await fetch(`${base}/api/admin/audit?limit=1`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(((await audit.json()) as { entries: unknown[] }).entries[0]).toMatchObject({
        actor: 'api:ana',
        action: 'jobs.pause',
        target: 'salesforce-all',
      });
    } finally {
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});

describe('config reload on SIGHUP', () => {
  it('rejects an invalid config and keeps running with the last good one, then takes a valid change', {
    timeout: 60_000,
  }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'casebridge-reload-'));
    const path = join(cwd, 'casebridge.yaml');
    const base = { database: 'sqlite:./data/cb.db', server: { adminToken: ADMIN_TOKEN } };
    writeFileSync(path, stringify(base));
    const server = await startCli(['start', '--port', '0'], {
      cwd,
      env,
      ready: /listening on (http:\/\/\S+)/,
    });
    try {
      const url = server.match[1] as string;
      const jobs = async () => {
        const response = await fetch(`${url}/api/admin/jobs`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        return ((await response.json()) as { jobs: { job: string }[] }).jobs.map((j) => j.job);
      };
      expect(await jobs()).toEqual([]);
      writeFileSync(path, 'server: { port: nope }\nbogus: 1\n');
      server.proc.kill('SIGHUP');
      await expect
        .poll(() => server.output(), { timeout: 10_000 })
        .toContain('config reload rejected, keeping the running config:');
      expect(server.output()).toContain('unknown key "bogus"');
      expect(await jobs()).toEqual([]);
      const connection = {
        id: 'zendesk-main',
        kind: 'zendesk',
        subdomain: 'acme',
        auth: { email: 'ops@acme.com', apiToken: 'x' },
      };
      writeFileSync(
        path,
        stringify({
          ...base,
          connections: [connection],
          jobs: [{ id: 'nightly', connection: 'zendesk-main', streams: ['tickets'], cron: '0 2 * * *' }],
        }),
      );
      server.proc.kill('SIGHUP');
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('config reloaded: 1 jobs');
      expect(await jobs()).toEqual(['nightly']);
    } finally {
      server.proc.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});
