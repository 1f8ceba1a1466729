import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { type Scorecard, ScorecardDefinition } from './scorecard.js';

/** Why one scorecard file was refused: the file, where in it, and what is wrong. */
export interface ScorecardProblem {
  file: string;
  path: string;
  reason: string;
}

export interface LoadedScorecards {
  scorecards: Scorecard[];
  problems: ScorecardProblem[];
}

/**
 * Reads every `*.yaml`/`*.yml` in `folder`. A bad file is reported and skipped, so one typo does
 * not take every checklist away from the agents; the good files still load.
 */
export function loadScorecards(folder: string): LoadedScorecards {
  let files: string[];
  try {
    files = readdirSync(folder)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      scorecards: [],
      problems: [{ file: folder, path: '', reason: `cannot read the folder: ${reason}` }],
    };
  }
  const scorecards: Scorecard[] = [];
  const problems: ScorecardProblem[] = [];
  const owners = new Map<string, string>();
  for (const name of files) {
    const file = join(folder, name);
    if (!statSync(file).isFile()) continue;
    const result = parseScorecard(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const owner = owners.get(result.id);
    if (owner !== undefined) {
      problems.push({
        file: result.file,
        path: 'id',
        reason: `scorecard id "${result.id}" is also used by ${owner}`,
      });
      continue;
    }
    owners.set(result.id, result.file);
    scorecards.push(result);
  }
  return { scorecards, problems };
}

/** Parses one file's text; pure, so tests feed it strings. */
export function parseScorecard(text: string, file: string): Scorecard | { problems: ScorecardProblem[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return { problems: [{ file, path: '', reason: `not valid YAML: ${(error as Error).message}` }] };
  }
  const parsed = ScorecardDefinition.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => toProblem(file, issue)) };
  const definition = parsed.data;
  const version = contentHash(definition);
  return { versionId: `${definition.id}@${version}`, id: definition.id, version, file, definition };
}

function toProblem(file: string, issue: z.core.$ZodIssue): ScorecardProblem {
  return { file, path: formatPath(issue.path), reason: issue.message };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/**
 * The version is a hash of the normalised definition (not of the file bytes): reformatting or
 * commenting a file keeps its version, while any change to what reviewers score makes a new one.
 */
export function contentHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
