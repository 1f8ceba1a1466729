import { describe, expect, it } from 'vitest';
import {
  markdownToPlainText,
  renderSopForSlack,
  renderSopHtml,
  safeUrl,
  sopSteps,
} from '../../shared/services/sop/index.js';
import { seededRandom } from './random.js';

const SOP = [
  '# Refund <request>',
  '',
  'Check **the order** and the _refund window_; see [policy](https://acme.test/refunds?a=1&b=2).',
  '',
  '1. Find the order',
  '2. Issue the refund with `refund --full`',
  '   to the original method',
  '',
  '- [ ] Tell the customer',
  '- [x] Tag the ticket',
  '',
  '```',
  '<script>alert(1)</script>',
  '```',
  '> Never promise a date.',
].join('\n');

describe('SOP renderers', () => {
  it('renders HTML with escaped text and safe links', () => {
    const html = renderSopHtml(SOP);
    expect(html).toContain('<h1>Refund &lt;request&gt;</h1>');
    expect(html).toContain('<strong>the order</strong>');
    expect(html).toContain('<em>refund window</em>');
    expect(html).toContain(
      '<a href="https://acme.test/refunds?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">policy</a>',
    );
    expect(html).toContain(
      '<ol><li>Find the order</li><li>Issue the refund with <code>refund --full</code> to the original method</li></ol>',
    );
    expect(html).toContain('<input type="checkbox" disabled> Tell the customer');
    expect(html).toContain('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>');
    expect(html).not.toMatch(/<script/i);
  });

  it('renders Slack mrkdwn', () => {
    const slack = renderSopForSlack(SOP);
    expect(slack).toContain('*Refund &lt;request&gt;*');
    expect(slack).toContain('<https://acme.test/refunds?a=1&amp;b=2|policy>');
    expect(slack).toContain(
      '1. Find the order\n2. Issue the refund with `refund --full` to the original method',
    );
    expect(slack).toContain('☐ Tell the customer\n☑ Tag the ticket');
    expect(slack).toContain('> Never promise a date.');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox',
    '/relative/path',
  ])('drops the unsafe link %j to plain text', (url) => {
    const md = `Click [here](${url}) or <${url}>`;
    expect(safeUrl(url)).toBeNull();
    // The URL may survive as escaped text; it must never become a link.
    expect(renderSopHtml(md)).not.toMatch(/<a |href=/i);
    expect(renderSopForSlack(md)).not.toMatch(/<(?!https?:)[a-z ]+:/i);
  });

  it('never emits a tag it did not build, whatever the input', () => {
    const random = seededRandom(7);
    const alphabet = [
      '<',
      '>',
      '"',
      "'",
      '&',
      '[',
      ']',
      '(',
      ')',
      '*',
      '_',
      '`',
      '\n',
      '#',
      '-',
      '1.',
      'script',
      'javascript:',
      'a',
      ' ',
    ];
    const allowed = /^<\/?(h[1-6]|p|strong|em|code|pre|ol|ul|li|blockquote|hr|a|input)( [^<>]*)?>$/;
    for (let i = 0; i < 500; i++) {
      const md = Array.from({ length: random.int(1, 60) }, () => random.pick(alphabet)).join('');
      for (const tag of renderSopHtml(md).match(/<[^>]*>/g) ?? []) expect(tag).toMatch(allowed);
      expect(renderSopHtml(md)).not.toMatch(/href="(?!https?:|mailto:)/);
    }
  });

  it('gives plain text and steps', () => {
    expect(markdownToPlainText(SOP)).toContain('Check the order and the refund window; see policy.');
    expect(sopSteps(SOP)).toEqual([
      'Find the order',
      'Issue the refund with refund --full to the original method',
      'Tell the customer',
      'Tag the ticket',
    ]);
  });
});
