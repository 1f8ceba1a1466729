/**
 * A forgiving HTML tokenizer for knowledge articles: start tags with their attributes, end tags
 * and text (entities decoded). Comments, doctypes and processing instructions are dropped, and the
 * content of elements that never hold readable text (scripts, styles, frames, embedded documents)
 * is skipped whole. It never throws: whatever it cannot read as markup is text, and text only ever
 * reaches the SOP renderers, which escape everything.
 */
export type HtmlToken =
  | { kind: 'start'; name: string; attributes: Map<string, string>; selfClosing: boolean }
  | { kind: 'end'; name: string }
  | { kind: 'text'; text: string };

/** Their content is raw text up to the closing tag (HTML's raw-text and escapable raw-text elements). */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  deg: '°',
  times: '×',
  divide: '÷',
  plusmn: '±',
  rarr: '→',
  larr: '←',
  check: '✓',
  shy: '',
  zwsp: '',
};

/** Decodes character references; unknown names stay as written, invalid code points become U+FFFD. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g,
    (whole, ref: string) => {
      if (ref.startsWith('#')) {
        const code =
          ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        return valid ? String.fromCodePoint(code) : '\ufffd';
      }
      return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    },
  );
}

const TAG_NAME = /^[a-zA-Z][a-zA-Z0-9:-]*/;
/** Sticky: read in place at `lastIndex`, so a tag with a huge attribute list stays linear. */
const ATTRIBUTE = /\s*([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;

export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  const lower = html.toLowerCase();
  let text = '';
  const flush = () => {
    if (text !== '') tokens.push({ kind: 'text', text: decodeEntities(text) });
    text = '';
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      text += html.slice(i);
      break;
    }
    text += html.slice(i, lt);
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', lt);
      i = close === -1 ? html.length : close + 1;
    } else if (next === '/' && TAG_NAME.test(html.slice(lt + 2, lt + 3))) {
      const name = (TAG_NAME.exec(html.slice(lt + 2)) as RegExpExecArray)[0].toLowerCase();
      const close = html.indexOf('>', lt);
      flush();
      tokens.push({ kind: 'end', name });
      i = close === -1 ? html.length : close + 1;
    } else if (TAG_NAME.test(next)) {
      const tag = readStartTag(html, lt);
      flush();
      if (RAW_TEXT.has(tag.token.name)) {
        // Skipped with their content; an unclosed one swallows the rest, as a browser would.
        const close = lower.indexOf(`</${tag.token.name}`, tag.end);
        const after = close === -1 ? -1 : html.indexOf('>', close);
        i = after === -1 ? html.length : after + 1;
      } else {
        tokens.push(tag.token);
        i = tag.end;
      }
    } else {
      text += '<';
      i = lt + 1;
    }
  }
  flush();
  return tokens;
}

function readStartTag(html: string, lt: number): { token: HtmlToken & { kind: 'start' }; end: number } {
  const name = (TAG_NAME.exec(html.slice(lt + 1)) as RegExpExecArray)[0];
  const attributes = new Map<string, string>();
  let at = lt + 1 + name.length;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(html);
    if (match === null) break;
    const key = (match[1] as string).toLowerCase();
    if (!attributes.has(key)) attributes.set(key, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
    at = ATTRIBUTE.lastIndex;
  }
  const close = html.indexOf('>', at);
  const end = close === -1 ? html.length : close + 1;
  const selfClosing = close > 0 && html[close - 1] === '/';
  return { token: { kind: 'start', name: name.toLowerCase(), attributes, selfClosing }, end };
}
