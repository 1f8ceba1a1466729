import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits, LIMITS } from '../../apps/slack-bot/blocks/limits.js';
import { SOP_ACTION, sopResultsMessage } from '../../apps/slack-bot/blocks/sop.js';
import {
  MAX_MODAL_TEXT,
  sopModal,
  sopPostMessage,
  sopSummary,
  splitMrkdwn,
} from '../../apps/slack-bot/blocks/sop-document.js';
import { sopReminderMessage, sopUnreachedOwnersMessage } from '../../apps/slack-bot/blocks/sop-reminder.js';
import type { Block } from '../../apps/slack-bot/blocks/types.js';
import {
  type IndexedSopWithBody,
  parseFrontMatter,
  type SopHit,
  type StaleSop,
} from '../../shared/services/sop/index.js';

const HOSTILE = 'Refund <!channel> <@U999> <https://evil.example|click> & @here *bold* `code`';
const HUGE = `${HOSTILE} `.repeat(60); // ~4,800 characters

const aSop = (i: number, over: Partial<IndexedSopWithBody> = {}): IndexedSopWithBody => ({
  id: `sop-${i}`.padEnd(100, 'x'),
  path: `folder/${i}.md`,
  hash: 'h',
  title: HUGE,
  tags: [],
  appliesTo: [],
  owner: HUGE,
  version: HUGE,
  reviewIntervalDays: 90,
  lastVerified: null,
  body: '',
  ...over,
});

const hit = (i: number, stale: boolean): SopHit => ({
  sop: aSop(i),
  score: 10 - i,
  stale,
  snippet: [
    { text: HUGE, match: false },
    { text: 'refund', match: true },
    { text: HUGE, match: false },
  ],
});

const REFUND = (() => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'sops', 'refund-request.md'), 'utf8');
  const { meta, body } = parseFrontMatter(text);
  return aSop(0, { ...meta, path: 'refund-request.md', lastVerified: '2026-01-12T00:00:00.000Z', body });
})();

/** A procedure near the 256 KB file limit: long paragraphs, a long code block, a 10,000-character line. */
const LONG_BODY = [
  '# Long procedure',
  ...Array.from({ length: 300 }, (_, i) => `Paragraph ${i}: ${'words and more words '.repeat(30)}`),
  `\`\`\`\n${Array.from({ length: 400 }, (_, i) => `line ${i} of the script`).join('\n')}\n\n${'z'.repeat(5000)}\n\`\`\``,
  ...Array.from({ length: 600 }, (_, i) => `${i + 1}. Step ${i} ${'do the thing '.repeat(20)}`),
  'x'.repeat(10_000),
].join('\n\n');

const sectionTexts = (blocks: readonly Block[]) =>
  blocks.flatMap((b) => (b.type === 'section' && b.text !== undefined ? [b.text.text] : []));

describe('SOP Block Kit builders', () => {
  it('search results: ranked, badged when stale, escaped, within limits whatever the input', () => {
    const message = sopResultsMessage(HUGE, [
      hit(0, true),
      hit(1, false),
      ...[2, 3, 4, 5, 6].map((i) => hit(i, true)),
    ]);
    assertWithinLimits({ kind: 'message', body: message });
    const json = JSON.stringify(message);
    for (const raw of ['<!channel>', '<@U999>', '<https://evil', '@here']) expect(json).not.toContain(raw);
    const buttons = message.blocks.flatMap((b) =>
      b.type === 'actions' ? [b.elements.map((e) => e.action_id)] : [],
    );
    expect(buttons).toHaveLength(5);
    expect(buttons[0]).toEqual([SOP_ACTION.show, SOP_ACTION.post, SOP_ACTION.verify]);
    expect(buttons[1]).toEqual([SOP_ACTION.show, SOP_ACTION.post]);
    expect(sectionTexts(message.blocks)[1]).toContain(':warning: *needs review*');
    expect(sectionTexts(message.blocks)[2]).not.toContain('needs review');
    expect(sectionTexts(message.blocks)[1]).toContain('*refund*');

    const none = sopResultsMessage('<@U1> zzz', []);
    assertWithinLimits({ kind: 'message', body: none });
    expect(none.text).toBe('No SOP matches _&lt;@U1&gt; zzz_. Try other words, or fewer of them.');
  });

  it('splits rendered mrkdwn at paragraphs and lines, reopening a code block per piece', () => {
    const text = ['intro', `\`\`\`\n${'code line\n'.repeat(700)}\n\nafter blank\n\`\`\``, 'tail'].join(
      '\n\n',
    );
    const pieces = splitMrkdwn(text, 3000);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(pieces.join('\n')).toContain('after blank');
    expect(splitMrkdwn('a\n\nb\n\nc', 3000)).toEqual(['a\n\nb\n\nc']);
    expect(splitMrkdwn('a'.repeat(7000), 3000).map((p) => p.length)).toEqual([3000, 3000, 1000]);
    // A surrogate pair is never cut in half.
    for (const piece of splitMrkdwn('😀'.repeat(2000), 3001)) expect(piece).not.toMatch(/^[\uDC00-\uDFFF]/);
  });

  it('Show: the whole refund SOP as a modal, stale badge and a link to the file', () => {
    const view = sopModal({ sop: REFUND, stale: true, url: 'https://git.example/sops/refund-request.md' });
    assertWithinLimits({ kind: 'modal', view });
    const texts = sectionTexts(view.blocks).join('\n');
    expect(texts).toContain('*Needs review:*');
    expect(texts).toContain('1. Find the order or invoice');
    expect(texts).toContain('Issue the refund to the *original payment method*');
    expect(JSON.stringify(view)).toContain('https://git.example/sops/refund-request.md');
    expect(JSON.stringify(view)).not.toContain('too long to show');
  });

  it('Show: a huge SOP still makes a valid modal, cut with a note saying where the rest is', () => {
    const view = sopModal({ sop: aSop(1, { body: LONG_BODY }), stale: false, url: null });
    assertWithinLimits({ kind: 'modal', view });
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(sectionTexts(view.blocks).join('').length).toBeLessThanOrEqual(MAX_MODAL_TEXT + 3000);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('too long to show here in full');
    expect(JSON.stringify(view.blocks.at(-1))).toContain('folder/1.md');

    // An SOP imported from the CRM's knowledge base is an article there, not a file.
    const article = 'https://acme.zendesk.com/hc/en-us/articles/360001';
    const imported = sopModal({
      sop: aSop(3, { body: LONG_BODY, path: article }),
      stale: false,
      url: article,
    });
    expect(JSON.stringify(imported.blocks)).toContain(
      'read the rest in <https://acme.zendesk.com/hc/en-us/articles/360001|the article>',
    );
    expect(JSON.stringify(imported)).toContain('"Open the article"');
    expect(JSON.stringify(view)).not.toContain('the article');

    const empty = sopModal({ sop: aSop(2, { body: '' }), stale: false, url: null });
    assertWithinLimits({ kind: 'modal', view: empty });
    expect(JSON.stringify(empty)).toContain('no text beyond its title');
  });

  it('Post to channel: summary and numbered steps, attributed, with Show; bounded for huge SOPs', () => {
    const message = sopPostMessage({ sop: REFUND, stale: false, url: null, userId: 'U0AGENT' });
    assertWithinLimits({ kind: 'message', body: message });
    expect(message.text).toBe('SOP: Refund request, shared by <@U0AGENT>');
    const texts = sectionTexts(message.blocks).join('\n');
    expect(texts).toContain('Use this when a customer asks for their money back');
    expect(texts).toMatch(/\*Steps\*\n1\. Find the order or invoice/);
    expect(JSON.stringify(message)).toContain(SOP_ACTION.show);

    const huge = sopPostMessage({
      sop: aSop(3, { body: LONG_BODY }),
      stale: true,
      url: null,
      userId: 'U1<@U2>',
    });
    assertWithinLimits({ kind: 'message', body: huge });
    expect(huge.text).toContain('<@U1U2>');
    expect(JSON.stringify(huge)).toContain('too long to show here in full');
    expect(sopSummary('# Title\n\n- a list\n\nThe first paragraph.')).toBe('The first paragraph.');
    expect(sopSummary('# Only a title')).toBeNull();
  });

  it('reminders: one DM per owner with Mark verified buttons, and the fallback list, within limits', () => {
    const stale = (i: number): StaleSop => ({
      sop: aSop(i),
      dueAt: null,
      daysOverdue: i % 3 === 0 ? null : i,
    });
    const dm = sopReminderMessage(Array.from({ length: 200 }, (_, i) => stale(i)));
    assertWithinLimits({ kind: 'message', body: dm });
    expect(JSON.stringify(dm)).toMatch(/and \d+ more/);
    expect(JSON.stringify(dm)).toContain(SOP_ACTION.verify);
    expect(JSON.stringify(dm)).not.toContain('<!channel>');

    const fallback = sopUnreachedOwnersMessage(
      Array.from({ length: 120 }, () => ({
        owner: HUGE,
        reason: 'no Slack user has this email',
        items: Array.from({ length: 40 }, (_, j) => stale(j)),
      })),
    );
    assertWithinLimits({ kind: 'message', body: fallback });
    expect(JSON.stringify(fallback)).toMatch(/• …and \d+ more/);
    const short = (i: number): StaleSop => ({
      sop: aSop(i, { id: `sop-${i}`, title: `Procedure ${i}` }),
      dueAt: null,
      daysOverdue: 3,
    });
    const listed = sopUnreachedOwnersMessage([
      {
        owner: 'Support team',
        reason: 'not an email or a Slack user id',
        items: Array.from({ length: 40 }, (_, i) => short(i)),
      },
    ]);
    expect(sectionTexts(listed.blocks)[1]).toMatch(
      /^\*Support team\* \(not an email or a Slack user id\)\n• \*Procedure 0\* \(`sop-0`\): 3 days overdue\n/,
    );
    expect(sectionTexts(listed.blocks)[1]).toMatch(/• \*Procedure 14\* .*\n• …and 25 more$/);
  });
});
