import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { CasebridgeError } from '../errors.js';
import { type ConfigIssue, expandEnv, formatPath } from './env.js';
import { buildConfigSchema, type Config, type ConnectorConfigInfo } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'casebridge.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null when none exists and the defaults apply (the demo). */
  path: string | null;
  /** Relative paths in the config (the SQLite file) resolve against this directory. */
  baseDir: string;
  /** Values taken from the environment; never to be logged. */
  secrets: string[];
}

/** Every problem in a config file at once, each with its path. */
export class ConfigError extends CasebridgeError {
  readonly issues: ConfigIssue[];
  readonly file: string;

  constructor(file: string, issues: ConfigIssue[]) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
    super(
      'config.invalid',
      `${file} has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines}`,
    );
    this.issues = issues;
    this.file = file;
  }
}

export interface ConfigSource {
  /** `--config PATH`. */
  explicitPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--config`, then `CASEBRIDGE_CONFIG`, then `./casebridge.yaml`; null when none is given and none exists. */
export function resolveConfigPath(source: ConfigSource): string | null {
  const cwd = source.cwd ?? process.cwd();
  const given = source.explicitPath ?? source.env?.CASEBRIDGE_CONFIG;
  if (given !== undefined && given !== '') {
    const path = resolve(cwd, given);
    if (!existsSync(path)) {
      throw new CasebridgeError('config.missing', `config file ${path} does not exist`, {
        hint: 'check the path given to --config or CASEBRIDGE_CONFIG',
      });
    }
    return path;
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

export function loadConfig(source: ConfigSource, connectors: readonly ConnectorConfigInfo[]): LoadedConfig {
  const env = source.env ?? process.env;
  const path = resolveConfigPath({ ...source, env });
  const schema = buildConfigSchema(connectors);
  if (path === null) {
    return {
      config: schema.parse({}) as Config,
      path: null,
      baseDir: source.cwd ?? process.cwd(),
      secrets: [],
    };
  }
  const { config, secrets } = parseConfigText(readFileSync(path, 'utf8'), path, env, connectors);
  return { config, path, baseDir: dirname(path), secrets };
}

/** Parses and validates config text; throws a `ConfigError` listing every problem found. */
export function parseConfigText(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  connectors: readonly ConnectorConfigInfo[],
): { config: Config; secrets: string[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return {
          path: `line ${at.line}, column ${at.col}`,
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const raw = document.contents === null ? {} : document.toJS();
  if (!isMap(document.contents) && document.contents !== null) {
    throw new ConfigError(file, [
      { path: '(top level)', message: 'expected a mapping of keys such as database:, connections:, jobs:' },
    ]);
  }
  const expanded = expandEnv(raw, env);
  const result = buildConfigSchema(connectors).safeParse(expanded.value);
  const envPaths = new Set(expanded.issues.map((i) => i.path));
  // A value whose variable is unset fails validation too; the unset variable is the issue to report.
  const schemaIssues = result.success
    ? []
    : result.error.issues.map(toConfigIssue).filter((i) => !envPaths.has(i.path));
  const issues = [...expanded.issues, ...schemaIssues];
  if (issues.length > 0 || !result.success) throw new ConfigError(file, issues);
  return { config: result.data as Config, secrets: expanded.secrets };
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return {
      path: formatPath(issue.path),
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`,
    };
  }
  return { path: formatPath(issue.path), message: issue.message };
}
