import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../shared/services/sop/front-matter.js';
import { loadSopFolder, MAX_SOP_BYTES } from '../../shared/services/sop/source.js';
import { sopFolder, sopText } from './corpus.js';

const good = sopText({ id: 'refund-request', title: 'Refund request', body: '1. Refund it.' });

describe('SOP front matter', () => {
  it('reads every field, with defaults', () => {
    const { meta, body } = parseFrontMatter(
      '---\nid: a\ntitle: A\nowner: ops\nversion: 1.2\nlastVerified: 2025-03-01\nappliesTo:\n  tags: refund\n---\nBody\n',
    );
    expect(meta).toMatchObject({
      id: 'a',
      version: '1.2',
      reviewIntervalDays: 90,
      lastVerified: '2025-03-01',
    });
    expect(meta.appliesTo).toEqual([{ tags: ['refund'] }]);
    expect(body).toBe('Body\n');
  });

  it.each([
    ['no front matter', '# Title\n', 1, /must start with a front matter block/],
    ['unclosed block', '---\nid: a\n', 1, /never closed/],
    ['bad YAML', '---\nid: a\ntitle: [unclosed\nowner: x\n---\n', 4, /not valid YAML/],
    ['bad field', '---\nid: a\ntitle: A\nowner: x\nreviewIntervalDays: soon\n---\n', 5, /reviewIntervalDays/],
    ['bad channel', '---\nid: a\ntitle: A\nowner: x\nappliesTo:\n  channel: [fax]\n---\n', 6, /appliesTo/],
    ['missing owner', '---\nid: a\ntitle: A\n---\n', 2, /owner/],
    ['unknown key', '---\nid: a\ntitle: A\nowner: x\ncolour: red\n---\n', 2, /colour/],
  ])('%s: error with the line', (_name, text, line, message) => {
    expect(() => parseFrontMatter(text)).toThrow(message);
    try {
      parseFrontMatter(text);
    } catch (error) {
      expect((error as { line: number }).line).toBe(line);
    }
  });
});

describe('loading an SOP folder', () => {
  it('loads the good files and reports each bad one with file, line and reason', () => {
    const folder = sopFolder({
      'billing/refund.md': good,
      'broken.md': '---\nid: broken\ntitle: Broken\nowner: x\nreviewIntervalDays: -3\n---\n',
      'dupe.md': good,
      'huge.md': `${good}${'x'.repeat(MAX_SOP_BYTES)}`,
      'image.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]),
      'README.md': '# not an SOP',
      'notes.txt': 'ignored',
    });
    const { sops, errors } = loadSopFolder(folder);
    expect(sops.map((s) => [s.id, s.path])).toEqual([['refund-request', 'billing/refund.md']]);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath['broken.md']).toMatchObject({
      line: 5,
      message: expect.stringMatching(/reviewIntervalDays/),
    });
    expect(byPath['dupe.md']?.message).toMatch(
      /duplicate id "refund-request" \(already used by billing\/refund.md\)/,
    );
    expect(byPath['huge.md']?.message).toMatch(/larger than 256 KB/);
    expect(byPath['image.md']?.message).toMatch(/binary/);
    expect(byPath['latin1.md']?.message).toMatch(/not UTF-8/);
    expect(errors).toHaveLength(5);
  });
});
