import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sopFolder } from './corpus.js';

const LIBRARY = join(import.meta.dirname, '..', '..', 'sops');

function project(folder: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'casebridge-sop-cli-'));
  writeFileSync(
    join(cwd, 'casebridge.yaml'),
    `database: sqlite:./cb.db\nsop:\n  folder: ${JSON.stringify(folder)}\n`,
  );
  return cwd;
}

describe('casebridge sop', () => {
  it('search refund: the example library, ranked, with snippets', async () => {
    const cwd = project(LIBRARY);
    const text = await runCli(['sop', 'search', 'refund'], { cwd });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const ids = [...text.stdout.matchAll(/^\d+\s+(\S+)/gm)].map((m) => m[1]);
    expect(ids[0]).toBe('refund-request');
    expect(ids).toContain('chargeback-card-data');
    expect(text.stdout).toMatch(/1\. Refund request: ….*\[refund/i);
    // One ellipsis where the text was cut, never two.
    expect(text.stdout).not.toContain('……');

    const json = await runCli(['sop', 'search', 'refund', '--json'], { cwd });
    const hits = JSON.parse(json.stdout) as { sop: { id: string }; snippetText: string; score: number }[];
    expect(hits[0]?.sop.id).toBe('refund-request');
    expect(hits[0]?.snippetText).toMatch(/\*\*refund/i);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('verify records a verification; unknown ids and broken files say what to do', async () => {
    const cwd = project(LIBRARY);
    const verified = await runCli(['sop', 'verify', 'refund-request', '--by', 'alice'], { cwd });
    expect(verified.stdout).toBe('');
    // The index is built by reindex or search first.
    expect(verified.stderr).toMatch(/there is no SOP "refund-request".*sop reindex/);
    expect((await runCli(['sop', 'reindex'], { cwd })).stdout).toMatch(
      /6 added, 0 updated, 0 removed, 0 unchanged, 0 refused/,
    );
    const again = await runCli(['sop', 'verify', 'refund-request', '--by', 'alice'], { cwd });
    expect(again.stdout).toMatch(/^verified refund-request; next review due \d{4}-\d{2}-\d{2}/);

    const broken = project(sopFolder({ 'bad.md': '---\nid: bad\ntitle: Bad\n---\n' }));
    const reindex = await runCli(['sop', 'reindex'], { cwd: broken });
    expect(reindex.code).toBe(1);
    expect(reindex.stderr).toContain('skipped bad.md:2: owner');
  });

  it('report prints the three sections', async () => {
    const report = await runCli(['sop', 'report', '--days', '7'], { cwd: project(LIBRARY) });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('By use:');
    expect(report.stdout).toContain('Frequent topics with no SOP:');
  });
});
