import { CasebridgeError } from '../../shared/errors.js';

/**
 * SOQL is built with the `soql` tagged template only: every interpolated value goes through
 * `soqlLiteral`, whose strings go through `escapeSoqlString` — the one escaping function. Field and
 * object names are not values; they come from constants and pass `soqlIdentifiers`.
 *
 * Escape sequences: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */

/** Text that is already SOQL (identifiers, nested fragments); only `soqlIdentifiers` and `soql` make one. */
export class SoqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type SoqlValue = string | number | boolean | null | Date | SoqlFragment | readonly SoqlValue[];

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * Escapes a string for use inside single quotes. Backslash first (it is in the same pass, so an
 * escape is never escaped twice). Other control characters have no SOQL escape and are refused;
 * every other character, unicode included, is sent as-is (SOQL is UTF-8).
 */
export function escapeSoqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is matched
  return value.replace(/[\\'"\n\r\t\b\f\u0000-\u001f\u007f]/g, (char) => {
    const escaped = ESCAPES[char];
    if (escaped === undefined) {
      const code = char.charCodeAt(0).toString(16).padStart(4, '0');
      throw new CasebridgeError('salesforce.soql', `a SOQL value contains the control character U+${code}`, {
        hint: 'remove control characters from the value (SOQL has no escape for them)',
      });
    }
    return escaped;
  });
}

/** SOQL dateTime literal (unquoted, UTC, whole seconds: SOQL comparisons ignore milliseconds). */
export function soqlDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('soqlDateTime: invalid date');
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function soqlLiteral(value: SoqlValue): string {
  if (value === null) return 'null';
  if (value instanceof SoqlFragment) return value.text;
  if (value instanceof Date) return soqlDateTime(value);
  if (typeof value === 'string') return `'${escapeSoqlString(value)}'`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`soqlLiteral: ${value} is not a SOQL number`);
    return String(value);
  }
  if (value.length === 0) throw new TypeError('soqlLiteral: an empty IN list is not valid SOQL');
  return `(${value.map(soqlLiteral).join(', ')})`;
}

/** `soql\`SELECT Id FROM Case WHERE Id = ${id}\`` — values become literals, never raw text. */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): SoqlFragment {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += soqlLiteral(value) + (strings[i + 1] ?? '');
  });
  return new SoqlFragment(text);
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** A comma-separated list of field (or object) names, each checked to be a plain identifier. */
export function soqlIdentifiers(names: readonly string[]): SoqlFragment {
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw new TypeError(`not a SOQL identifier: ${JSON.stringify(name)}`);
  }
  return new SoqlFragment(names.join(', '));
}
