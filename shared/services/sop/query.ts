/**
 * Turns anything a user types into phrases of plain words. Operators, quotes, brackets, colons,
 * stars and carets are separators, so no input can reach either store's query syntax; a pair of
 * double quotes keeps a phrase. The same words feed SQLite FTS5 and PostgreSQL.
 */
const STOPWORDS = new Set(
  'a an and are as at be but by for from has have how i if in into is it its me my no not of on or our so that the their then there these this to was we were what when where which who why will with you your near'.split(
    ' ',
  ),
);

const WORD = /[\p{L}\p{N}]+/gu;
export const MAX_QUERY_WORDS = 32;

export function words(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).filter(
    (w) => w.length <= 64 && !STOPWORDS.has(w),
  );
}

export function parseQuery(input: string): string[][] {
  const phrases: string[][] = [];
  const parts = input.slice(0, 2000).split('"');
  parts.forEach((part, i) => {
    // Odd parts were between quotes (an unclosed quote runs to the end: still just words).
    const found = words(part);
    if (i % 2 === 1 && found.length > 1) phrases.push(found);
    else for (const w of found) phrases.push([w]);
  });
  const seen = new Set<string>();
  return phrases
    .filter((p) => {
      const key = p.join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_QUERY_WORDS);
}

/** Splits highlighted text (\u0002 … \u0003 around matches) into runs. */
export interface SnippetRun {
  text: string;
  match: boolean;
}

/** The highlight markers both stores are told to put around matches (never in indexed text). */
export const MARK_START = String.fromCharCode(2);
export const MARK_END = String.fromCharCode(3);

export function stripMarks(text: string): string {
  return text.split(MARK_START).join('').split(MARK_END).join('');
}

export function snippetRuns(raw: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  for (const [i, part] of raw.split(MARK_START).join(MARK_END).split(MARK_END).entries()) {
    if (part !== '') runs.push({ text: part.replace(/\s+/g, ' '), match: i % 2 === 1 });
  }
  return runs;
}
