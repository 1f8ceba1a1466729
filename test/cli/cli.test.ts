import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../shared/domain/index.js';
import {
  createStore,
  MIGRATIONS,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  SCHEMA_VERSION,
} from '../../shared/store/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { aTicket } from '../helpers/records.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'casebridge-cli-'));

describe('casebridge start', () => {
  it('with no config starts the demo, serves /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    const cwd = tempDir();
    const { proc, match, output, exited } = await startCli(['start', '--port', '0'], {
      cwd,
      ready: /listening on (http:\/\/\S+)/,
    });
    const base = match[1] as string;
    expect(output()).toContain('No casebridge.yaml found');
    expect(output()).toContain(`demo: SQLite database at ${join(cwd, 'data', 'casebridge.db')}`);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /nowhere' },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('casebridge_process_cpu_seconds_total');
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('casebridge stopped');
  });

  it('says clearly when its port is taken', async () => {
    const cwd = tempDir();
    const first = await startCli(['start', '--port', '0'], {
      cwd,
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    });
    const port = first.match[1] as string;
    const second = await runCli(['start', '--port', port, '--data', join(cwd, 'other')], { cwd });
    first.proc.kill('SIGTERM');
    await first.exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `casebridge: port ${port} on 127.0.0.1 is already in use — stop the other process, or use --port / server.port`,
    );
  });
});

describe('casebridge doctor', () => {
  it('prints every config mistake with its path and exits non-zero', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'bad.yaml'),
      [
        'database: mysql://nope',
        'server:',
        '  port: not-a-port',
        '  adminToken: ${ADMIN_TOKEN_NOT_SET}',
        'colour: blue',
      ].join('\n'),
    );
    const result = await runCli(['doctor', '--config', 'bad.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✖ config:');
    expect(result.stdout).toContain('has 4 problems');
    expect(result.stdout).toContain('server.adminToken: ${ADMIN_TOKEN_NOT_SET} is not set');
    expect(result.stdout).toContain(
      'database: use sqlite:./data/casebridge.db or postgres://user@host:5432/db',
    );
    expect(result.stdout).toContain('server.port: Invalid input: expected number, received NaN');
    expect(result.stdout).toContain('(top level): unknown key "colour"');
  });

  it('reports a healthy setup and an unreachable database with the fix', async () => {
    const cwd = tempDir();
    const ok = await runCli(['doctor'], { cwd });
    expect(ok.stdout).toMatch(/✔ config: no config file \(defaults: the demo database\) is valid/);
    expect(ok.stdout).toMatch(
      new RegExp(`✔ database: .*casebridge\\.db reachable; ${SCHEMA_VERSION} migration\\(s\\) pending`),
    );
    expect(ok.code).toBe(0);
    writeFileSync(join(cwd, 'casebridge.yaml'), 'database: postgres://postgres@127.0.0.1:1/nowhere\n');
    const down = await runCli(['doctor', '--json'], { cwd });
    expect(down.code).toBe(1);
    const report = JSON.parse(down.stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; message: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'database')?.message).toMatch(
      /cannot reach the database.*check that the server is running/,
    );
  });
});

describe('casebridge export', () => {
  it('prints nothing but exits 0 on an empty store', async () => {
    const result = await runCli(['export', 'tickets', '--format', 'jsonl'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('prints one domain-shaped JSON object per line', async () => {
    const cwd = tempDir();
    const database = await openDatabase(parseDatabaseUrl('sqlite:./data/casebridge.db', cwd));
    await migrateToLatest(database);
    const store = createStore(database);
    await store.tickets.upsertMany([
      aTicket({ externalId: '1' }),
      aTicket({ externalId: '2', subject: 'Ünïcødé "quoted"\nline' }),
    ]);
    await store.close();
    const result = await runCli(['export', 'tickets'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(Ticket.safeParse(JSON.parse(line)).success).toBe(true);
    expect(JSON.parse(lines[1] as string).subject).toBe('Ünïcødé "quoted"\nline');
  });

  it('refuses unknown entities and formats with the choices', async () => {
    const result = await runCli(['export', 'invoices'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'casebridge: cannot export "invoices" — choose one of tickets, people, organizations, comments, sla, escalations',
    );
  });
});

describe('casebridge migrate, jobs, sync', () => {
  it('migrates once and then reports it is up to date', async () => {
    const cwd = tempDir();
    const names = MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`).join(', ');
    expect((await runCli(['migrate'], { cwd })).stdout).toContain(
      `schema version ${SCHEMA_VERSION}; applied ${names}`,
    );
    expect((await runCli(['migrate'], { cwd })).stdout).toContain(
      `schema version ${SCHEMA_VERSION}; already up to date`,
    );
  });

  it('refuses a database from a newer casebridge with one clear line', async () => {
    const cwd = tempDir();
    await runCli(['migrate'], { cwd });
    const database = await openDatabase(parseDatabaseUrl('sqlite:./data/casebridge.db', cwd));
    await database.db
      .insertInto('casebridge_migrations')
      .values({ version: 99, name: 'future', applied_at: new Date().toISOString() })
      .execute();
    await database.close();
    const result = await runCli(['export', 'tickets'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^casebridge: the database at .* was migrated by a newer casebridge \\(schema 99; this version knows up to ${SCHEMA_VERSION}\\) — upgrade casebridge`,
      ),
    );
  });

  it('lists no jobs when none are configured, and names an unknown job', async () => {
    const cwd = tempDir();
    expect((await runCli(['jobs'], { cwd })).stdout).toContain('no jobs are configured');
    expect(JSON.parse((await runCli(['jobs', '--json'], { cwd })).stdout)).toEqual([]);
    const unknown = await runCli(['sync', 'nightly'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'casebridge: there is no job "nightly" (jobs: none configured) — run `casebridge jobs` to list them',
    );
  });

  it('exits non-zero with usage on an unknown command', async () => {
    const result = await runCli(['frobnicate'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});
