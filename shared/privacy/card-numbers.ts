/** 13–19 digits, optionally grouped by single spaces or dashes, not inside a longer number. */
const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Masks payment card numbers (13–19 digits passing Luhn, spaces or dashes allowed) keeping the
 * last four digits and the grouping: `4111 1111 1111 1111` → `**** **** **** 1111`.
 */
export function maskCardNumbers(text: string): string {
  if (!/\d{4}/.test(text.replace(/[ -]/g, ''))) return text;
  return text.replace(CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return match;
    let seen = 0;
    const keepFrom = digits.length - 4;
    return match.replace(/\d/g, (d) => (seen++ < keepFrom ? '*' : d));
  });
}

/** Masks card numbers in every string of a JSON value (raw records kept in quarantine, custom fields). */
export function maskCardNumbersDeep<T>(value: T): T {
  if (typeof value === 'string') return maskCardNumbers(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskCardNumbersDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskCardNumbersDeep(v)])) as T;
  }
  return value;
}
