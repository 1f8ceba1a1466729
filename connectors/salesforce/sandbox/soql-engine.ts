/**
 * The SOQL subset the sandbox understands — what casebridge sends and a little more:
 * SELECT fields | COUNT() FROM Object [WHERE …] [ORDER BY f [ASC|DESC], …] [LIMIT n], with AND, OR,
 * NOT, parentheses, = != <> < <= > >=, IN / NOT IN (values or a semi-join SELECT), and string,
 * number, boolean, null and dateTime literals (with SOQL's backslash escapes).
 */

export type Literal = string | number | boolean | null | { date: number };
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; field: string; op: string; value: Literal }
  | { kind: 'in'; field: string; negate: boolean; values: Literal[] | ParsedQuery };

export interface ParsedQuery {
  select: string[] | 'count';
  from: string;
  where: Expr | null;
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
}

import { SoqlSyntaxError, type Token, tokenize } from './soql-lexer.js';

export { SoqlSyntaxError } from './soql-lexer.js';

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.type === 'word' && t.text.toUpperCase() === word) {
      this.at++;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    const t = this.tokens[this.at++];
    if (t === undefined || t.text.toUpperCase() !== text)
      throw new SoqlSyntaxError(`expected ${text}, found ${t?.text ?? 'end'}`);
  }
  private word(): string {
    const t = this.tokens[this.at++];
    if (t?.type !== 'word') throw new SoqlSyntaxError(`expected a name, found ${t?.text ?? 'end'}`);
    return t.text;
  }

  query(): ParsedQuery {
    this.expect('SELECT');
    let select: ParsedQuery['select'];
    if (this.peek()?.text.toUpperCase() === 'COUNT') {
      this.at++;
      this.expect('(');
      this.expect(')');
      select = 'count';
    } else {
      select = [this.word()];
      while (this.peek()?.text === ',') {
        this.at++;
        select.push(this.word());
      }
    }
    this.expect('FROM');
    const from = this.word();
    const where = this.keyword('WHERE') ? this.or() : null;
    const orderBy: ParsedQuery['orderBy'] = [];
    if (this.keyword('ORDER')) {
      this.expect('BY');
      do {
        const field = this.word();
        const desc = this.keyword('DESC');
        if (!desc) this.keyword('ASC');
        orderBy.push({ field, desc });
      } while (this.peek()?.text === ',' && this.at++ >= 0);
    }
    let limit: number | null = null;
    if (this.keyword('LIMIT')) {
      const t = this.tokens[this.at++];
      if (t?.type !== 'number') throw new SoqlSyntaxError('LIMIT needs a number');
      limit = Number(t.text);
    }
    return { select, from, where, orderBy, limit };
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  private or(): Expr {
    let left = this.and();
    while (this.keyword('OR')) left = { kind: 'or', left, right: this.and() };
    return left;
  }
  private and(): Expr {
    let left = this.factor();
    while (this.keyword('AND')) left = { kind: 'and', left, right: this.factor() };
    return left;
  }
  private factor(): Expr {
    if (this.keyword('NOT')) return { kind: 'not', expr: this.factor() };
    if (this.peek()?.text === '(') {
      this.at++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const field = this.word();
    const negate = this.keyword('NOT');
    if (this.keyword('IN')) return { kind: 'in', field, negate, values: this.list() };
    const op = this.tokens[this.at++];
    if (op?.type !== 'op') throw new SoqlSyntaxError(`expected an operator after ${field}`);
    return { kind: 'cmp', field, op: op.text, value: this.literal() };
  }
  private list(): Literal[] | ParsedQuery {
    this.expect('(');
    if (this.peek()?.text.toUpperCase() === 'SELECT') {
      const sub = this.query();
      this.expect(')');
      return sub;
    }
    const values = [this.literal()];
    while (this.peek()?.text === ',') {
      this.at++;
      values.push(this.literal());
    }
    this.expect(')');
    return values;
  }
  private literal(): Literal {
    const t = this.tokens[this.at++];
    if (t === undefined) throw new SoqlSyntaxError('expected a value');
    if (t.value !== undefined) return t.value;
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    throw new SoqlSyntaxError(`expected a value, found ${t.text}`);
  }
}

export function parseSoql(text: string): ParsedQuery {
  const parser = new Parser(tokenize(text));
  const query = parser.query();
  if (!parser.done()) throw new SoqlSyntaxError('unexpected text after the query');
  return query;
}

export function fieldValue(record: Record<string, unknown>, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : null;
  }
  return value ?? null;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (expected === null || actual === null) {
    const same = expected === actual;
    return op === '=' ? same : op === '!=' ? !same : false;
  }
  const a = typeof expected === 'object' ? Date.parse(String(actual)) : actual;
  const e = typeof expected === 'object' ? expected.date : expected;
  switch (op) {
    case '=':
      return a === e;
    case '!=':
      return a !== e;
    case '<':
      return (a as number) < (e as number);
    case '<=':
      return (a as number) <= (e as number);
    case '>':
      return (a as number) > (e as number);
    default:
      return (a as number) >= (e as number);
  }
}

export function matches(
  expr: Expr | null,
  record: Record<string, unknown>,
  semiJoin: (query: ParsedQuery) => Set<unknown>,
): boolean {
  if (expr === null) return true;
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, record, semiJoin) && matches(expr.right, record, semiJoin);
    case 'or':
      return matches(expr.left, record, semiJoin) || matches(expr.right, record, semiJoin);
    case 'not':
      return !matches(expr.expr, record, semiJoin);
    case 'cmp':
      return compare(fieldValue(record, expr.field), expr.op, expr.value);
    case 'in': {
      const value = fieldValue(record, expr.field);
      const found = Array.isArray(expr.values)
        ? expr.values.includes(value as Literal)
        : semiJoin(expr.values).has(value);
      return found !== expr.negate;
    }
  }
}
