/**
 * CRM text (subjects, names, reasons) goes into mrkdwn. Slack's control characters are `&`, `<`
 * and `>`: escaping them is what stops a ticket subject from carrying `<@U123>`, `<!channel>` or a
 * disguised `<https://evil|link>`. Bare `@here`-style words are also defused with a zero-width
 * space, since some clients still notify on them.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(here|channel|everyone)\b/gi, '@\u200b$1');
}

/** Cuts to `max` characters with an ellipsis, counting what Slack counts (UTF-16 units). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escaped and cut: escape first, since escaping lengthens the text. */
export function safeText(text: string | null | undefined, max: number, fallback = '—'): string {
  const value = text === null || text === undefined || text.trim() === '' ? fallback : text;
  return truncate(escapeMrkdwn(value.replace(/\s+/g, ' ').trim()), max);
}

/** A link only for http(s) URLs Slack cannot misread; anything else is shown as text. */
export function link(url: string | null | undefined, label: string): string {
  if (url === null || url === undefined || !/^https?:\/\/[^\s|<>]+$/.test(url)) return label;
  return `<${url}|${label}>`;
}

/** A URL usable as a button's `url` (http(s), ≤3000), or null. */
export function buttonUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url.length > 3000) return null;
  return /^https?:\/\/\S+$/.test(url) ? url : null;
}
