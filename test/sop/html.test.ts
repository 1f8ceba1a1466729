import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../shared/services/sop/html.js';
import { articleToSop } from '../../shared/services/sop/import.js';
import {
  parseMarkdown,
  renderSopForSlack,
  renderSopHtml,
  sopSteps,
} from '../../shared/services/sop/index.js';
import { seededRandom } from './random.js';

const BASE = 'https://acme.zendesk.com/hc/en-us/articles/1-refunds';

describe('knowledge article HTML → SOP Markdown', () => {
  it('keeps the structure a procedure needs', () => {
    const md = htmlToMarkdown(
      `<h2>Refund a <em>card</em> payment</h2><p>Check the order &amp; the <a href="/hc/en-us/articles/2">policy</a>.</p>
<ol><li>Open the <strong>order</strong></li><li>Refund it<ul><li>in full</li></ul></li></ol>
<ul><li><input type="checkbox" checked> identity checked</li><li><input type="checkbox"> ticket linked</li></ul>
<pre><code>curl -i https://api.example.com</code></pre><blockquote>Never ask for the card number.</blockquote><hr><table><tr><th>Plan</th><td>Days</td></tr></table>`,
      { baseUrl: BASE },
    );
    expect(md).toBe(
      [
        '## Refund a *card* payment',
        'Check the order & the [policy](https://acme.zendesk.com/hc/en-us/articles/2).',
        '1. Open the **order**\n1. Refund it\n  - in full\n- [x] identity checked\n- [ ] ticket linked',
        '```\ncurl -i https://api.example.com\n```',
        '> Never ask for the card number.',
        '---',
        'Plan | Days',
      ].join('\n\n'),
    );
    expect(sopSteps(md)).toEqual([
      'Open the order',
      'Refund it',
      'in full',
      'identity checked',
      'ticket linked',
    ]);
  });

  it('drops scripts, styles, frames and embedded documents with their content', () => {
    const md = htmlToMarkdown(
      `<p>a</p><script>alert(1)</script><SCRIPT type="x">alert(2)</SCRIPT><style>p{}</style><iframe src="x">frame</iframe><noscript>ns</noscript><svg><text>svg</text></svg><template><p>t</p></template><object>o</object><p>b</p><!-- <script>alert(3)</script> --><p>c</p><script>never closed`,
    );
    expect(md).toBe('a\n\nb\n\nc');
  });

  it('keeps only http(s) and mailto links, however the scheme is disguised', () => {
    const links = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
    ];
    for (const href of links) {
      const md = htmlToMarkdown(`<p><a href="${href}">click</a></p>`, { baseUrl: BASE });
      expect(md, href).toBe('click');
    }
    expect(htmlToMarkdown('<a href="mailto:help@acme.com">mail us</a>')).toBe(
      '[mail us](mailto:help@acme.com)',
    );
    // Parentheses in an address cannot end the Markdown link early.
    expect(htmlToMarkdown('<a href="https://x.example/a_(b)">w</a>')).toBe(
      '[w](https://x.example/a_%28b%29)',
    );
    // A relative link without an article address to resolve against is text.
    expect(htmlToMarkdown('<a href="/hc/x">rel</a>')).toBe('rel');
  });

  it('text that looks like Markdown block syntax stays text', () => {
    const md = htmlToMarkdown('<p># heading?</p><p>- item?</p><p>1. step?</p><p>&gt; quote?</p><p>```</p>');
    expect(parseMarkdown(md).every((block) => block.kind === 'paragraph')).toBe(true);
  });

  it('removes control characters (the snippet markers among them)', () => {
    expect(htmlToMarkdown('<p>a\u0002b\u0003c\u0000d</p>')).toBe('abcd');
  });

  it('never throws and never lets markup through, whatever the input (property)', () => {
    const random = seededRandom(2026);
    const pieces = [
      '<',
      '>',
      '</',
      '/>',
      '<a href="javascript:x">',
      '<a href=https://ok.example>',
      '</a>',
      '<script>',
      '</script>',
      '<b>',
      '</i>',
      '<li>',
      '<ol>',
      '</ul>',
      '<pre>',
      '</pre>',
      '<!--',
      '-->',
      '&',
      '&#x3c;script&#x3e;',
      '&lt;img src=x onerror=alert(1)&gt;',
      '"',
      "'",
      '=',
      '*',
      '`',
      '[',
      '](',
      ')',
      'text ',
      '\n',
      '<img src=x onerror=alert(1)>',
      '<iframe>',
      '<svg onload=alert(1)>',
      '<input type=checkbox checked>',
      '<h3>',
      '<blockquote>',
      '<br>',
    ];
    for (let run = 0; run < 400; run++) {
      let html = '';
      for (let i = random.int(0, 40); i > 0; i--) html += random.pick(pieces);
      const md = htmlToMarkdown(html, { baseUrl: BASE });
      const rendered = renderSopHtml(md);
      // Every element in the rendering is one the renderer builds; no attribute but its own.
      const tags = [...rendered.matchAll(/<\/?([a-z0-9]+)([^>]*)>/g)];
      for (const [, name, attrs] of tags) {
        expect([
          'p',
          'a',
          'strong',
          'em',
          'code',
          'pre',
          'ol',
          'ul',
          'li',
          'h1',
          'h2',
          'h3',
          'h4',
          'h5',
          'h6',
          'blockquote',
          'hr',
          'input',
        ]).toContain(name);
        expect(attrs).not.toMatch(/on\w+=|javascript:|src=/i);
      }
      expect(renderSopForSlack(md)).not.toMatch(/<(?!https?:|mailto:)[^>]*>/);
    }
  });

  it('masks card numbers and caps huge articles with where to read the rest', () => {
    const article = {
      externalId: '9',
      title: 'Card 4111 1111 1111 1111 refunds',
      html: `<p>Paid with 4111-1111-1111-1111.</p>${'<p>word </p>'.repeat(60_000)}`,
      tags: ['refund', ' refund ', ''],
      owner: 'kb@acme.com',
      version: '3',
      updatedAt: '2026-01-01T00:00:00.000Z',
      url: BASE,
      reviewIntervalDays: 30,
    };
    const sop = articleToSop(article, 'zd', 'guide');
    expect(sop.title).not.toContain('4111 1111 1111 1111');
    expect(sop.body).not.toMatch(/4111-1111-1111-1111/);
    expect(sop.body).toContain('1111');
    expect(Buffer.byteLength(sop.body)).toBeLessThanOrEqual(256 * 1024);
    expect(sop.body.endsWith(`*The article continues in the CRM:* <${BASE}>`)).toBe(true);
    expect(sop.tags).toEqual(['refund']);
    expect(sop.lastVerified).toBe('2026-01-01T00:00:00.000Z');
    expect(sop.path).toBe(BASE);
  });
});
