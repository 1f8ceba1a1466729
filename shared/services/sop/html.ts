import { type HtmlToken, tokenizeHtml } from './html-tokens.js';
import { safeUrl } from './markdown.js';

/**
 * Knowledge article HTML → the Markdown subset of `markdown.ts`, so imported articles are stored,
 * searched and rendered exactly like SOP files. Nothing of the HTML survives as markup: scripts,
 * styles, frames and embedded documents are dropped with their content, every other tag becomes
 * text structure (headings, paragraphs, lists, checkboxes, code, quotes, rules, bold, italic) or
 * nothing, and links are kept only when `safeUrl` accepts them (http(s) and mailto; relative links
 * resolve against the article's own address first). The renderers escape whatever text remains.
 */
export function htmlToMarkdown(html: string, options: { baseUrl?: string } = {}): string {
  const writer = new MarkdownWriter(options.baseUrl ?? null);
  for (const token of tokenizeHtml(html)) writer.take(token);
  return writer.finish();
}

/** Elements whose content is not article text (the tokenizer already drops scripts, styles and frames). */
const DROPPED = new Set([
  'head',
  'svg',
  'math',
  'template',
  'object',
  'embed',
  'select',
  'video',
  'audio',
  'canvas',
  'applet',
  'frameset',
  'datalist',
]);
/** Elements that end the paragraph before and after them. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'form',
  'fieldset',
  'legend',
  'center',
]);
const EMPHASIS = new Map([
  ['strong', '**'],
  ['b', '**'],
  ['em', '*'],
  ['i', '*'],
]);

/** Text that would start a Markdown block (heading, list, quote, fence, rule) if written at a line start. */
const BLOCK_START = /^(#{1,6}(\s|$)|[-*+](\s|$)|\d{1,9}[.)](\s|$)|>|```|~~~|([-*_])(\s*\5){2,}\s*$)/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point (U+0002/U+0003 mark snippets)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

interface OpenInline {
  name: string;
  /** Where the element's content starts in the inline buffer. */
  start: number;
  href: string | null;
}

interface OpenList {
  ordered: boolean;
  /** The marker the next line of this list starts with (an item began and has no line yet). */
  pending: string | null;
}

class MarkdownWriter {
  private readonly blocks: string[] = [];
  /** The last block is a list item, so the next item continues the same list. */
  private inList = false;
  private inline = '';
  private heading = 0;
  private readonly open: OpenInline[] = [];
  private readonly lists: OpenList[] = [];
  private quoteDepth = 0;
  private dropDepth = 0;
  private pre: string | null = null;

  constructor(private readonly baseUrl: string | null) {}

  take(token: HtmlToken): void {
    if (this.dropDepth > 0) {
      if (token.kind === 'start' && DROPPED.has(token.name) && !token.selfClosing) this.dropDepth++;
      if (token.kind === 'end' && DROPPED.has(token.name)) this.dropDepth--;
      return;
    }
    if (token.kind === 'text') this.text(token.text);
    else if (token.kind === 'start') this.start(token.name, token.attributes, token.selfClosing);
    else this.end(token.name);
  }

  private text(text: string): void {
    if (this.pre !== null) this.pre += text;
    else this.inline += text;
  }

  private start(name: string, attributes: Map<string, string>, selfClosing: boolean): void {
    if (DROPPED.has(name)) {
      if (!selfClosing) this.dropDepth++;
      return;
    }
    if (this.pre !== null) {
      if (name === 'br') this.pre += '\n';
      return;
    }
    if (/^h[1-6]$/.test(name)) {
      this.flush();
      this.heading = Number(name[1]);
    } else if (name === 'ul' || name === 'ol') {
      this.flush();
      this.lists.push({ ordered: name === 'ol', pending: null });
    } else if (name === 'li') {
      this.flush();
      const list = this.lists.at(-1);
      if (list === undefined) this.lists.push({ ordered: false, pending: '-' });
      else list.pending = list.ordered ? '1.' : '-';
    } else if (name === 'input') {
      const list = this.lists.at(-1);
      if (
        attributes.get('type')?.toLowerCase() === 'checkbox' &&
        list?.pending != null &&
        this.inline.trim() === ''
      )
        list.pending = `${list.pending} [${attributes.has('checked') ? 'x' : ' '}]`;
    } else if (name === 'pre') {
      this.flush();
      this.pre = '';
    } else if (name === 'blockquote') {
      this.flush();
      this.quoteDepth++;
    } else if (name === 'br') {
      if (this.heading > 0 || this.lists.length > 0) this.inline += ' ';
      else this.flush();
    } else if (name === 'hr') {
      this.flush();
      this.push('---', false);
    } else if (name === 'img') {
      const alt = attributes.get('alt')?.trim();
      if (alt) this.inline += ` ${alt} `;
    } else if (name === 'td' || name === 'th') {
      if (this.inline.trim() !== '') this.inline += ' | ';
    } else if (BLOCKS.has(name)) {
      this.flush();
    } else if (name === 'a' || name === 'code' || EMPHASIS.has(name)) {
      if (!selfClosing)
        this.open.push({
          name,
          start: this.inline.length,
          href: name === 'a' ? (attributes.get('href') ?? null) : null,
        });
    }
  }

  private end(name: string): void {
    if (this.pre !== null) {
      if (name === 'pre') this.closePre();
      return;
    }
    if (/^h[1-6]$/.test(name) || name === 'li' || BLOCKS.has(name)) {
      this.flush();
    } else if (name === 'ul' || name === 'ol') {
      this.flush();
      this.lists.pop();
    } else if (name === 'blockquote') {
      this.flush();
      this.quoteDepth = Math.max(0, this.quoteDepth - 1);
    } else {
      const at = this.open.findLastIndex((o) => o.name === name);
      if (at === -1) return;
      // Elements left open inside this one close with it (`<b><i>x</b>`).
      for (const inner of this.open.splice(at).reverse()) this.closeInline(inner);
    }
  }

  private closeInline(element: OpenInline): void {
    const content = this.inline.slice(element.start);
    const head = this.inline.slice(0, element.start);
    const core = content.trim();
    const lead = /^\s*/.exec(content)?.[0] ?? '';
    const tail = /\s*$/.exec(content)?.[0] ?? '';
    if (core === '') return;
    let wrapped = core;
    if (element.name === 'code') wrapped = `\`${core.replace(/`/g, "'")}\``;
    else if (element.name === 'a') {
      const url = this.resolve(element.href);
      wrapped = url === null ? core : `[${core.replace(/\[/g, '(').replace(/\]/g, ')')}](${url})`;
    } else {
      const mark = EMPHASIS.get(element.name) ?? '';
      wrapped = core.includes('*') ? core : `${mark}${core}${mark}`;
    }
    this.inline = `${head}${lead}${wrapped}${tail}`;
  }

  /** An absolute http(s)/mailto address, or null; parentheses are escaped so the link stays one token. */
  private resolve(href: string | null): string | null {
    if (href === null || href.trim() === '') return null;
    let absolute = href.trim();
    if (this.baseUrl !== null && !/^[a-z][a-z0-9+.-]*:/i.test(absolute)) {
      try {
        absolute = new URL(absolute, this.baseUrl).href;
      } catch {
        return null;
      }
    }
    const safe = safeUrl(absolute);
    return safe === null ? null : safe.replace(/\(/g, '%28').replace(/\)/g, '%29');
  }

  private closePre(): void {
    const code = (this.pre ?? '')
      .replace(/^\n/, '')
      .replace(/\s+$/, '')
      .replace(/```|~~~/g, "'''");
    this.pre = null;
    if (code.trim() !== '') this.push(`\`\`\`\n${code}\n\`\`\``, false);
  }

  /** Ends the current inline run: a heading, a list item or a paragraph line. */
  private flush(): void {
    for (const element of this.open.splice(0).reverse()) this.closeInline(element);
    const text = this.inline.replace(/[\s\u00a0]+/g, ' ').trim();
    this.inline = '';
    const heading = this.heading;
    this.heading = 0;
    if (text === '') return;
    const list = this.lists.at(-1);
    if (heading > 0) {
      this.push(`${'#'.repeat(heading)} ${text}`, false);
    } else if (list !== undefined) {
      const indent = '  '.repeat(this.lists.length - 1);
      const marker = list.pending;
      list.pending = null;
      // Text after a nested list inside an item continues that item (an indented line).
      this.push(marker === null ? `${indent}  ${text}` : `${indent}${marker} ${text}`, true);
    } else {
      this.push(BLOCK_START.test(text) ? `\u200b${text}` : text, false);
    }
  }

  private push(block: string, listItem: boolean): void {
    const quoted =
      this.quoteDepth > 0
        ? block
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n')
        : block;
    if (listItem && this.inList && this.quoteDepth === 0) {
      this.blocks[this.blocks.length - 1] += `\n${quoted}`;
    } else {
      this.blocks.push(quoted);
    }
    this.inList = listItem;
  }

  finish(): string {
    if (this.pre !== null) this.closePre();
    this.flush();
    return this.blocks.join('\n\n').replace(CONTROL, '');
  }
}
