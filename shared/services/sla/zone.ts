/**
 * Wall-clock arithmetic in an IANA time zone with nothing but `Intl.DateTimeFormat` (no date
 * library may be added). Instants are epoch milliseconds; local dates are `{ year, month, day }`.
 */

export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime's ICU knows the zone (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, expressed as if it were UTC (so offset = wall − instant). */
function wallClockMs(timeZone: string, instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instantMs)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_OFFSETS = 50_000;
const offsetCaches = new Map<string, Map<number, number>>();

/**
 * UTC offset of the zone at an instant, in ms (New York in winter: −5 h). Cached per quarter hour:
 * modern offsets are multiples of 15 minutes and change at local :00/:30/:45, so every change
 * falls on a quarter-hour boundary in UTC and one quarter hour never holds two offsets.
 */
export function offsetMs(timeZone: string, instantMs: number): number {
  const bucket = Math.floor(instantMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  let offset = cache.get(bucket);
  if (offset === undefined) {
    offset = wallClockMs(timeZone, bucket) - bucket;
    if (cache.size >= MAX_CACHED_OFFSETS) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

/** Days since 1970-01-01 of the zone's local date at an instant: cheap to iterate and to key caches by. */
export function localDayNumber(timeZone: string, instantMs: number): number {
  return Math.floor((instantMs + offsetMs(timeZone, instantMs)) / DAY_MS);
}

export function dayNumberOf(d: LocalDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

export function localDateOfDayNumber(day: number): LocalDate {
  const t = new Date(day * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (business calendars think in weeks that start on Monday); day 0 was a Thursday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The instant at which the zone's wall clock shows `minuteOfDay` (0–1440) on local day `day`.
 * Ambiguous and missing wall times resolve like Temporal's `compatible` disambiguation: in the
 * autumn overlap the earlier instant; in the spring gap the time is pushed forward by the gap
 * (02:30 on the US spring-forward night is 03:30 EDT). Assumes at most one offset change within
 * ±1 day, which holds for every real zone.
 */
export function instantAtLocalMinute(timeZone: string, day: number, minuteOfDay: number): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const before = offsetMs(timeZone, wall - DAY_MS);
  const after = offsetMs(timeZone, wall + DAY_MS);
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (early + offsetMs(timeZone, early) === wall) return early;
  if (late + offsetMs(timeZone, late) === wall) return late;
  // In the gap no instant shows this wall time: use the offset in force before the change.
  return wall - before;
}

export function localDateOf(timeZone: string, instantMs: number): LocalDate {
  const wall = new Date(instantMs + offsetMs(timeZone, instantMs));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** `YYYY-MM-DD`, the form holidays are written in. */
export function formatLocalDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The instant at which the zone's wall clock shows `minuteOfDay` on `date` (see `instantAtLocalMinute`). */
export function localToInstant(timeZone: string, date: LocalDate, minuteOfDay: number): number {
  return instantAtLocalMinute(timeZone, dayNumberOf(date), minuteOfDay);
}

/** Local midnight at the start of `date`, and of the next date: the day as a half-open interval. */
export function localDayBounds(timeZone: string, date: LocalDate): { start: number; end: number } {
  return { start: localToInstant(timeZone, date, 0), end: localToInstant(timeZone, addDays(date, 1), 0) };
}
