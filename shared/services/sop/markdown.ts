/**
 * A small Markdown reader for SOPs: the subset procedures use (headings, paragraphs, ordered,
 * bulleted and checkbox lists, code blocks, quotes, rules; bold, italic, code and links inline).
 * Raw HTML is never passed through — it is text — so renderers only ever emit markup they built.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string | null; children: Inline[] };

export interface ListItem {
  depth: number;
  checked: boolean | null;
  content: Inline[];
}

export type Block =
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: ListItem[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; content: Inline[] }
  | { kind: 'rule' };

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      const fence = FENCE.exec(line)?.[1] ?? '```';
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence); i++)
        body.push(lines[i] ?? '');
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (HEADING.test(line)) {
      const [, hashes = '#', text = ''] = HEADING.exec(line) ?? [];
      blocks.push({ kind: 'heading', level: hashes.length, content: parseInline(text) });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
    } else if (LIST_ITEM.test(line)) {
      i = readList(lines, i, blocks);
    } else if (line.trimStart().startsWith('>')) {
      const body: string[] = [];
      for (; i < lines.length && (lines[i] ?? '').trimStart().startsWith('>'); i++)
        body.push((lines[i] ?? '').trimStart().replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', content: parseInline(body.join(' ')) });
    } else {
      const body: string[] = [];
      for (; i < lines.length && startsParagraphLine(lines[i] ?? ''); i++) body.push((lines[i] ?? '').trim());
      blocks.push({ kind: 'paragraph', content: parseInline(body.join(' ')) });
    }
  }
  return blocks;
}

function startsParagraphLine(line: string): boolean {
  return !(
    line.trim() === '' ||
    FENCE.test(line) ||
    HEADING.test(line) ||
    LIST_ITEM.test(line) ||
    line.trimStart().startsWith('>')
  );
}

function readList(lines: string[], start: number, blocks: Block[]): number {
  const ordered = /^\s*\d/.test(lines[start] ?? '');
  const items: ListItem[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const match = LIST_ITEM.exec(line);
    const last = items[items.length - 1];
    if (match !== null) {
      const [, indent = '', , box, text = ''] = match;
      if (indent.length === 0 && items.length > 0 && /^\d/.test(match[2] ?? '') !== ordered) break;
      items.push({
        depth: Math.floor(indent.length / 2),
        checked: box === undefined ? null : box !== ' ',
        content: parseInline(text),
      });
    } else if (last !== undefined && /^\s+\S/.test(line)) {
      // A continuation line of the item above.
      last.content.push({ kind: 'text', text: ' ' }, ...parseInline(line.trim()));
    } else {
      break;
    }
  }
  blocks.push({ kind: 'list', ordered, items });
  return i;
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![\p{L}\p{N}])_([^_\s](?:[^_]*[^_\s])?)_(?![\p{L}\p{N}])|\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^>\s]+|mailto:[^>\s]+)>/u;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = INLINE.exec(rest);
    if (match === null) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (match.index > 0) out.push({ kind: 'text', text: rest.slice(0, match.index) });
    out.push(toInline(match));
    rest = rest.slice(match.index + match[0].length);
  }
  return out;
}

function toInline(m: RegExpExecArray): Inline {
  if (m[1] !== undefined) return { kind: 'code', text: m[1] };
  if (m[2] !== undefined || m[3] !== undefined)
    return { kind: 'strong', children: parseInline(m[2] ?? m[3] ?? '') };
  if (m[4] !== undefined || m[5] !== undefined)
    return { kind: 'em', children: parseInline(m[4] ?? m[5] ?? '') };
  if (m[7] !== undefined) return { kind: 'link', href: safeUrl(m[7]), children: parseInline(m[6] ?? '') };
  const url = m[8] ?? '';
  return { kind: 'link', href: safeUrl(url), children: [{ kind: 'text', text: url }] };
}

/**
 * Only http(s) and mailto links survive. Browsers ignore control characters and whitespace
 * inside a scheme (`java\tscript:`), so those are removed before the scheme is checked; anything
 * else (javascript:, data:, vbscript:, relative paths) renders as plain text.
 */
export function safeUrl(raw: string): string | null {
  const cleaned = [...raw].filter((c) => !isControlOrSpace(c.charCodeAt(0))).join('');
  if (!/^(https?:\/\/|mailto:)/i.test(cleaned)) return null;
  try {
    const url = new URL(cleaned);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function isControlOrSpace(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f);
}

export function inlineText(content: readonly Inline[]): string {
  return content.map((node) => ('text' in node ? node.text : inlineText(node.children))).join('');
}

/** The words of an SOP without markup: what search indexes and snippets quote. */
export function markdownToPlainText(source: string): string {
  return parseMarkdown(source)
    .map((block) => {
      if (block.kind === 'list') return block.items.map((item) => inlineText(item.content)).join('\n');
      if (block.kind === 'code') return block.text;
      if (block.kind === 'rule') return '';
      return inlineText(block.content);
    })
    .filter((text) => text !== '')
    .join('\n');
}

/** The procedure's steps: the items of its ordered and checkbox lists, for a checklist. */
export function sopSteps(source: string): string[] {
  return parseMarkdown(source).flatMap((block) =>
    block.kind === 'list'
      ? block.items
          .filter((item) => block.ordered || item.checked !== null)
          .map((item) => inlineText(item.content))
      : [],
  );
}
