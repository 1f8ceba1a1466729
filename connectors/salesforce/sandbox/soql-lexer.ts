import type { Literal } from './soql-engine.js';

export class SoqlSyntaxError extends Error {}

export type Token = {
  type: 'word' | 'string' | 'number' | 'date' | 'op' | 'punct';
  text: string;
  value?: Literal;
};

const UNESCAPE: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') {
          const next = UNESCAPE[text[i + 1] ?? ''];
          if (next === undefined) throw new SoqlSyntaxError(`invalid escape \\${text[i + 1]} at ${i}`);
          value += next;
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) throw new SoqlSyntaxError('unterminated string');
      i++;
      tokens.push({ type: 'string', text: value, value });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9][0-9T:.\-+Z]*/.exec(text.slice(i))?.[0] ?? c;
      i += match.length;
      if (DATETIME.test(match))
        tokens.push({ type: 'date', text: match, value: { date: Date.parse(match) } });
      else if (/^-?\d+(\.\d+)?$/.test(match))
        tokens.push({ type: 'number', text: match, value: Number(match) });
      else throw new SoqlSyntaxError(`unexpected literal ${match}`);
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))?.[0] ?? c;
      i += word.length;
      tokens.push({ type: 'word', text: word });
    } else if ('<>!='.includes(c)) {
      const op = /^(<=|>=|!=|<>|=|<|>)/.exec(text.slice(i))?.[0];
      if (op === undefined) throw new SoqlSyntaxError(`unexpected ${c}`);
      i += op.length;
      tokens.push({ type: 'op', text: op === '<>' ? '!=' : op });
    } else if ('(),'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else throw new SoqlSyntaxError(`unexpected character ${c} at ${i}`);
  }
  return tokens;
}
