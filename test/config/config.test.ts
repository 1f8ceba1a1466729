import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectorConfigInfo } from '../../connectors/index.js';
import { renderConfigSchema } from '../../scripts/generate-config-schema.js';
import { ConfigError, loadConfig, parseConfigText } from '../../shared/config/index.js';
import { failureOf } from '../helpers/errors.js';
import { testConnector } from '../helpers/test-connector.js';

const withTest = connectorConfigInfo([...[testConnector as never]]);

function issuesOf(text: string, env: NodeJS.ProcessEnv = {}) {
  try {
    parseConfigText(text, 'casebridge.yaml', env, withTest);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('config', () => {
  it('reports every problem at once, each with its path', () => {
    const issues = issuesOf(
      [
        'database: sqlite:./x.db',
        'connections:',
        '  - id: crm-a',
        '    kind: test',
        '    sourceFile: ./a.json',
        '  - id: crm-b',
        '    kind: test',
        '    sourceFile: ${SOURCE_B}',
        '    pageSize: lots',
        'server: { port: 3000, colour: blue }',
      ].join('\n'),
    );
    expect(issues).toEqual([
      'connections[1].sourceFile: ${SOURCE_B} is not set',
      'connections[1].pageSize: Invalid input: expected number, received string',
      'server: unknown key "colour"',
    ]);
  });

  it('expands ${ENV}, ${ENV:-default} and $$, and collects the secrets it read', () => {
    const { config, secrets } = parseConfigText(
      [
        'database: ${DB_URL}',
        'connections: [{ id: crm, kind: test, sourceFile: "./price-$$5.json" }]',
        'server: { adminToken: "${TOKEN}", host: "${HOST:-0.0.0.0}" }',
      ].join('\n'),
      'casebridge.yaml',
      { DB_URL: 'postgres://u@h/db', TOKEN: 'a-long-admin-token-123' },
      withTest,
    );
    expect(config.database).toBe('postgres://u@h/db');
    expect(config.connections[0]?.sourceFile).toBe('./price-$5.json');
    expect(config.server).toEqual({ host: '0.0.0.0', port: 3000, adminToken: 'a-long-admin-token-123' });
    expect(secrets).toEqual(['postgres://u@h/db', 'a-long-admin-token-123']);
  });

  it('checks that jobs name real connections and streams, and that ids are unique', () => {
    const issues = issuesOf(
      [
        'connections:',
        '  - { id: crm, kind: test, sourceFile: a.json }',
        '  - { id: crm, kind: test, sourceFile: b.json }',
        'jobs:',
        '  - { id: j1, connection: crm, streams: [tickets, invoices], every: 5m }',
        '  - { id: j2, connection: nowhere, streams: [tickets], every: 5 minutes }',
        '  - { id: j3, connection: crm, streams: [people], every: 1h, cron: "0 * * * *" }',
        '  - { id: j4, connection: crm, streams: [people], cron: "every tuesday" }',
      ].join('\n'),
    );
    expect(issues).toEqual([
      'jobs[1].every: expected a duration like 30s, 5m, 1h or 1d',
      'jobs[2].cron: set either `every` or `cron`, not both',
      'jobs[3].cron: expected a cron expression like "*/5 * * * *"',
      'connections[1].id: duplicate connection id "crm"',
      'jobs[0].streams[1]: test has no stream "invoices" (it has: tickets, people)',
      'jobs[1].connection: no connection with id "nowhere"',
    ]);
  });

  it('names unknown connector kinds and the known ones', () => {
    expect(issuesOf('connections:\n  - { id: x, kind: freshdesk }\n')).toEqual([
      'connections[0].kind: unknown connector kind (known: test)',
    ]);
  });

  it('points at the line and column of broken YAML', () => {
    expect(issuesOf('database: sqlite:x.db\nconnections:\n  - id: a\n   kind: test\n')[0]).toMatch(
      /^line 4, column \d+: not valid YAML/,
    );
    expect(issuesOf('- just\n- a list\n')).toEqual([
      '(top level): expected a mapping of keys such as database:, connections:, jobs:',
    ]);
  });

  it('finds the file from --config, then CASEBRIDGE_CONFIG, then ./casebridge.yaml, else uses defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-config-'));
    expect(loadConfig({ cwd: dir, env: {} }, withTest).path).toBeNull();
    expect(loadConfig({ cwd: dir, env: {} }, withTest).config.database).toBe('sqlite:./data/casebridge.db');
    writeFileSync(join(dir, 'casebridge.yaml'), 'server: { port: 4001 }\n');
    writeFileSync(join(dir, 'other.yaml'), 'server: { port: 4002 }\n');
    writeFileSync(join(dir, 'third.yaml'), 'server: { port: 4003 }\n');
    expect(loadConfig({ cwd: dir, env: {} }, withTest).config.server.port).toBe(4001);
    expect(
      loadConfig({ cwd: dir, env: { CASEBRIDGE_CONFIG: 'other.yaml' } }, withTest).config.server.port,
    ).toBe(4002);
    expect(
      loadConfig({ cwd: dir, explicitPath: 'third.yaml', env: { CASEBRIDGE_CONFIG: 'other.yaml' } }, withTest)
        .config.server.port,
    ).toBe(4003);
    expect(
      await failureOf(() => loadConfig({ cwd: dir, explicitPath: 'missing.yaml', env: {} }, withTest)),
    ).toMatch(/missing\.yaml does not exist — check the path given to --config or CASEBRIDGE_CONFIG/);
  });

  it('ships an example config that loads', () => {
    const text = readFileSync(join(import.meta.dirname, '../../casebridge.example.yaml'), 'utf8');
    const env = {
      CASEBRIDGE_ADMIN_TOKEN: 'example-admin-token-0123456789',
      ZENDESK_API_TOKEN: 'zd-token',
      SF_CLIENT_ID: 'client',
      SF_CLIENT_SECRET: 'secret',
      SF_REFRESH_TOKEN: 'refresh',
    };
    expect(() => parseConfigText(text, 'casebridge.example.yaml', env, connectorConfigInfo())).not.toThrow();
  });

  it('has a checked-in JSON Schema that matches the config schema (run `npm run gen:config-schema` if not)', () => {
    const checkedIn = readFileSync(
      join(import.meta.dirname, '../../manifests/casebridge.config.schema.json'),
      'utf8',
    );
    expect(checkedIn).toBe(renderConfigSchema());
  });
});
