import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../connectors/salesforce/sandbox/soql-engine.js';
import {
  escapeSoqlString,
  soql,
  soqlDateTime,
  soqlIdentifiers,
  soqlLiteral,
} from '../../connectors/salesforce/soql.js';
import { failureOf } from '../helpers/errors.js';

describe('SOQL escaping', () => {
  it.each([
    ["O'Brien", "O\\'Brien"],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\temp\\new', 'C:\\\\temp\\\\new'],
    ['line1\nline2\r\n', 'line1\\nline2\\r\\n'],
    ['tab\there\b\f', 'tab\\there\\b\\f'],
    ['Zoë — 日本語 🎫', 'Zoë — 日本語 🎫'],
    ["\\'", "\\\\\\'"],
  ])('escapes %j', (input, expected) => {
    expect(escapeSoqlString(input)).toBe(expected);
  });

  it('refuses control characters SOQL cannot escape, saying which', async () => {
    expect(await failureOf(() => escapeSoqlString('a\u0000b'))).toContain('U+0000');
  });

  it('round-trips through a SOQL parser: the value comes back unchanged', () => {
    const nasty = "x' OR Name != '' OR Name = '\\\n\t\"Zoë🎫";
    const query = soql`SELECT Id FROM Topic WHERE Name = ${nasty}`;
    const parsed = parseSoql(query.text);
    expect(parsed.where).toEqual({ kind: 'cmp', field: 'Name', op: '=', value: nasty });
  });

  it('writes dateTime literals unquoted in UTC whole seconds', () => {
    expect(soqlDateTime(new Date('2024-03-05T10:11:12.999+02:00'))).toBe('2024-03-05T08:11:12Z');
    expect(soql`SELECT Id FROM Case WHERE SystemModstamp >= ${new Date(0)}`.text).toBe(
      'SELECT Id FROM Case WHERE SystemModstamp >= 1970-01-01T00:00:00Z',
    );
  });

  it('renders every literal kind and lists', () => {
    expect(soqlLiteral(null)).toBe('null');
    expect(soqlLiteral(true)).toBe('true');
    expect(soqlLiteral(42)).toBe('42');
    expect(soqlLiteral(['a', "b'c"])).toBe("('a', 'b\\'c')");
    expect(() => soqlLiteral([])).toThrow(/empty IN list/);
    expect(() => soqlLiteral(Number.NaN)).toThrow();
  });

  it('accepts only plain identifiers as field names', () => {
    expect(soqlIdentifiers(['Id', 'MilestoneType.Name', 'Tags__c']).text).toBe(
      'Id, MilestoneType.Name, Tags__c',
    );
    expect(() => soqlIdentifiers(['Id FROM User --'])).toThrow(/not a SOQL identifier/);
  });
});
