/**
 * RFC 4180 CSV as Bulk API 2.0 returns it: a header row, `"` quoting with `""` escapes, fields that
 * may hold commas and line breaks, `\n` or `\r\n` line ends. Returns rows as arrays of strings.
 * Unquoted fields are sliced, not built character by character (results pages are megabytes).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const end = text.length;
  while (i < end) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      field = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error('CSV ends inside a quoted field (truncated response?)');
        field += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          field += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
    } else {
      let stop = i;
      while (stop < end) {
        const c = text.charCodeAt(stop);
        if (c === 44 || c === 10 || c === 13) break;
        stop++;
      }
      field = text.slice(i, stop);
      i = stop;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) {
      i++;
      if (i === end) row.push('');
    } else {
      // End of line (\n, \r\n) or of the text: the row is complete.
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : i < end ? 1 : 0;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** Quotes a value when it must be (the sandbox writes CSV with this). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
