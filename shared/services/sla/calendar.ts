import { type CalendarConfig, weeklySegments } from './calendar-schema.js';
import { instantAtLocalMinute, localDayNumber, weekdayOfDayNumber } from './zone.js';

export * from './calendar-schema.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** `addBusinessMinutes` gives up after this many days: only a calendar closed for years gets there. */
const MAX_SCAN_DAYS = 3700;
/** Bound on cached days per calendar, so a long-running server does not grow without limit. */
const MAX_CACHED_DAYS = 20_000;

/** Open intervals of one local date as instants: `[start0, end0, start1, end1, ...]`, ascending. */
type DayWindows = readonly number[];

interface Compiled {
  /** Per weekday (0 = Monday), merged open minutes `[start, end]` including after-midnight spill. */
  weekly: [number, number][][];
  /** Local day numbers (days since 1970-01-01) of the holidays. */
  holidays: ReadonlySet<number>;
  days: Map<number, DayWindows>;
}

// Keyed by the config object itself: the config is immutable once loaded, and callers keep passing it.
const compiledCache = new WeakMap<CalendarConfig, Compiled>();

function compile(calendar: CalendarConfig): Compiled {
  const cached = compiledCache.get(calendar);
  if (cached !== undefined) return cached;
  const weekly = calendar.alwaysOpen
    ? Array.from({ length: 7 }, (): [number, number][] => [[0, 1440]])
    : weeklySegments(calendar.hours ?? {}).map(mergeSegments);
  const holidays = new Set(calendar.holidays.map((h) => Date.parse(`${h}T00:00:00.000Z`) / DAY_MS));
  const compiled: Compiled = { weekly, holidays, days: new Map() };
  compiledCache.set(calendar, compiled);
  return compiled;
}

/** Joins touching segments (22:00–24:00 and a spill at 00:00 are on different days, so never here). */
function mergeSegments(segments: readonly { start: number; end: number }[]): [number, number][] {
  const merged: [number, number][] = [];
  for (const { start, end } of segments) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function dayWindows(calendar: CalendarConfig, day: number): DayWindows {
  const compiled = compile(calendar);
  const cached = compiled.days.get(day);
  if (cached !== undefined) return cached;
  const windows: number[] = [];
  if (!compiled.holidays.has(day)) {
    for (const [start, end] of compiled.weekly[weekdayOfDayNumber(day)] ?? []) {
      const from = instantAtLocalMinute(calendar.timeZone, day, start);
      const to = instantAtLocalMinute(calendar.timeZone, day, end);
      // A range starting inside the spring-forward gap can collapse; skip what has no length.
      if (to > from) windows.push(from, to);
    }
  }
  if (compiled.days.size >= MAX_CACHED_DAYS) compiled.days.clear();
  compiled.days.set(day, windows);
  return windows;
}

/** Calls `visit(start, end)` for each open interval of each local day from `fromMs`'s day to `lastDay`, until it returns true. */
function eachWindow(
  calendar: CalendarConfig,
  fromMs: number,
  lastDay: number,
  visit: (start: number, end: number) => boolean,
): void {
  const firstDay = localDayNumber(calendar.timeZone, fromMs);
  // An open-ended scan (a due date) must end somewhere; a bounded one (elapsed time) never gives up.
  const limit = Number.isFinite(lastDay) ? lastDay : firstDay + MAX_SCAN_DAYS - 1;
  for (let day = firstDay; day <= limit; day++) {
    const windows = dayWindows(calendar, day);
    for (let i = 0; i + 1 < windows.length; i += 2) {
      if (visit(windows[i] ?? 0, windows[i + 1] ?? 0)) return;
    }
  }
  if (Number.isFinite(lastDay)) return;
  throw new Error(`calendar "${calendar.id}" has no open time within ${MAX_SCAN_DAYS} days`);
}

/**
 * Minutes of open business time in `[from, to)` (fractional when the instants are not on whole
 * minutes); 0 when `to` is not after `from`. Open time follows the zone's wall clock, so a
 * 09:00–17:00 day is 8 hours on a DST day too, while 24x7 and overnight ranges lose or gain the hour.
 */
export function businessMinutesBetween(calendar: CalendarConfig, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  if (calendar.alwaysOpen && calendar.holidays.length === 0) return (toMs - fromMs) / MINUTE_MS;
  let total = 0;
  eachWindow(calendar, fromMs, localDayNumber(calendar.timeZone, toMs), (start, end) => {
    const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
    if (overlap > 0) total += overlap;
    return start >= toMs;
  });
  return total / MINUTE_MS;
}

/**
 * The instant at which `minutes` of business time have elapsed since `start` (a due date). A target
 * that runs out exactly at closing time is due at closing time, not at the next opening.
 */
export function addBusinessMinutes(calendar: CalendarConfig, start: Date, minutes: number): Date {
  if (!(minutes >= 0)) throw new RangeError(`minutes must be zero or more, got ${minutes}`);
  const startMs = start.getTime();
  if (minutes === 0) return new Date(startMs);
  if (calendar.alwaysOpen && calendar.holidays.length === 0) return new Date(startMs + minutes * MINUTE_MS);
  let remaining = minutes * MINUTE_MS;
  let due = startMs;
  eachWindow(calendar, startMs, Number.POSITIVE_INFINITY, (windowStart, windowEnd) => {
    const from = Math.max(windowStart, startMs);
    if (windowEnd <= from) return false;
    if (remaining <= windowEnd - from) {
      due = from + remaining;
      return true;
    }
    remaining -= windowEnd - from;
    return false;
  });
  return new Date(due);
}

/** True when the calendar is open at the instant (handy for "is support open now?"). */
export function isOpenAt(calendar: CalendarConfig, at: Date): boolean {
  const ms = at.getTime();
  const windows = dayWindows(calendar, localDayNumber(calendar.timeZone, ms));
  for (let i = 0; i + 1 < windows.length; i += 2) {
    if ((windows[i] ?? 0) <= ms && ms < (windows[i + 1] ?? 0)) return true;
  }
  return false;
}
