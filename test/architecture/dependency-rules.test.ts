import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const absolute = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(absolute, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(relative(ROOT, path));
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Every module specifier a file imports, resolved to a project path for relative ones. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)) : s));
}

function violations(dir: string, allowed: (target: string, file: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target, file))
      .map((target) => `${file} -> ${target}`),
  );
}

const isPackage = (target: string) =>
  !target.startsWith('shared') &&
  !target.startsWith('connectors') &&
  !target.startsWith('apps') &&
  !target.startsWith('test') &&
  !target.startsWith('..');

describe('dependency rules (DESIGN.md)', () => {
  it('shared/domain imports only zod and itself', () => {
    expect(violations('shared/domain', (t) => t === 'zod' || t.startsWith('shared/domain'))).toEqual([]);
  });

  it('shared/ never imports connectors/ or apps/', () => {
    expect(
      violations(
        'shared',
        (t) => !t.startsWith('connectors') && !t.startsWith('apps') && !t.startsWith('test'),
      ),
    ).toEqual([]);
  });

  it('a connector imports only shared/ and its own folder — never apps/, never another connector', () => {
    const own = (file: string) => file.split('/').slice(0, 2).join('/');
    expect(
      violations('connectors', (t, file) => {
        if (file === 'connectors/index.ts') return t.startsWith('shared') || t.startsWith('connectors/');
        return isPackage(t) || t.startsWith('shared') || t.startsWith(own(file));
      }),
    ).toEqual([]);
  });

  it('apps reach connectors only through the registry', () => {
    expect(
      violations(
        'apps',
        (t) => !t.startsWith('connectors') || t === 'connectors/index.js' || t === 'connectors/index',
      ),
    ).toEqual([]);
  });

  it('the sidebar browser code imports only shared/domain and its own files', () => {
    expect(
      violations(
        'apps/zendesk-sidebar/src',
        (t) =>
          t.startsWith('shared/domain') ||
          t.startsWith('apps/zendesk-sidebar/src') ||
          t === 'preact' ||
          t.startsWith('preact/'),
      ),
    ).toEqual([]);
  });
});
