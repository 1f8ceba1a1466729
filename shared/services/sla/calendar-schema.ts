import { z } from 'zod';
import { isValidTimeZone } from './zone.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MINUTES = 1440;

const ClockTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a 24-hour time like 09:00 (24:00 ends a day)');

/** `from` > `to` spans midnight: 22:00–06:00 is open until 06:00 the next day. */
export const HoursRange = z
  .strictObject({ from: ClockTime, to: ClockTime })
  .refine((r) => r.from !== '24:00', { message: 'a range cannot start at 24:00; use 00:00', path: ['from'] })
  .refine((r) => r.from !== r.to, {
    message: 'a range must not start and end at the same time; use from 00:00 to 24:00 for a whole day',
    path: ['to'],
  });
export type HoursRange = z.infer<typeof HoursRange>;

export function clockMinutes(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Ranges per weekday as configured; a day may be absent. */
export type WeeklyHoursInput = { [day in Weekday]?: HoursRange[] | undefined };

/** One open stretch within a single weekday, in minutes since midnight, remembering the range it came from. */
export interface DaySegment {
  start: number;
  end: number;
  /** Path of the configured range, relative to `hours` (`['mon', 1]`). */
  path: [Weekday, number];
  /** True for the part of a midnight-spanning range that falls on the next day. */
  spill: boolean;
}

/** Splits every range into per-weekday segments; a midnight-spanning range spills into the next day. */
export function weeklySegments(hours: WeeklyHoursInput): DaySegment[][] {
  const days: DaySegment[][] = WEEKDAYS.map(() => []);
  WEEKDAYS.forEach((day, i) => {
    (hours[day] ?? []).forEach((range, r) => {
      const from = clockMinutes(range.from);
      const to = clockMinutes(range.to);
      const path: [Weekday, number] = [day, r];
      if (from < to) {
        days[i]?.push({ start: from, end: to, path, spill: false });
        return;
      }
      days[i]?.push({ start: from, end: DAY_MINUTES, path, spill: false });
      if (to > 0) days[(i + 1) % 7]?.push({ start: 0, end: to, path, spill: true });
    });
  });
  for (const day of days) day.sort((a, b) => a.start - b.start);
  return days;
}

function describe(segment: DaySegment, hours: WeeklyHoursInput): string {
  const [day, index] = segment.path;
  const range = hours[day]?.[index];
  const span = range === undefined ? '' : ` (${range.from}–${range.to})`;
  return `hours.${day}[${index}]${span}`;
}

const WeeklyHours = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(HoursRange).optional()])) as Record<
      Weekday,
      z.ZodOptional<z.ZodArray<typeof HoursRange>>
    >,
  )
  .superRefine((hours, ctx) => {
    for (const [i, day] of weeklySegments(hours).entries()) {
      let widest: DaySegment | undefined;
      for (const segment of day) {
        if (widest !== undefined && segment.start < widest.end) {
          const where = segment.spill ? ` after midnight on ${WEEKDAYS[i]}` : '';
          ctx.addIssue({
            code: 'custom',
            path: segment.path,
            message: `overlaps ${describe(widest, hours)}${where}; ranges on a day must not overlap`,
          });
        }
        if (widest === undefined || segment.end > widest.end) widest = segment;
      }
    }
  });

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-12-25')
  .refine((s) => new Date(`${s}T00:00:00.000Z`).toISOString().startsWith(s), 'not a real date');

/**
 * A business-hours calendar. Holidays close the whole local date (including the after-midnight
 * part of a range that started the evening before). `alwaysOpen: true` is 24x7 (holidays still apply).
 */
export const CalendarConfig = z
  .strictObject({
    id: z.string().min(1),
    timeZone: z.string().superRefine((tz, ctx) => {
      if (!isValidTimeZone(tz))
        ctx.addIssue({
          code: 'custom',
          message: `unknown time zone "${tz}"; use an IANA name such as Europe/Berlin or America/New_York`,
        });
    }),
    alwaysOpen: z.boolean().default(false),
    hours: WeeklyHours.optional(),
    holidays: z.array(IsoDate).default([]),
  })
  .superRefine((cal, ctx) => {
    const anyHours = cal.hours !== undefined && WEEKDAYS.some((d) => (cal.hours?.[d]?.length ?? 0) > 0);
    if (cal.alwaysOpen && cal.hours !== undefined)
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'set either alwaysOpen or hours, not both' });
    if (!cal.alwaysOpen && !anyHours)
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: 'the calendar is never open: list hours for at least one day, or set alwaysOpen: true',
      });
  });
export type CalendarConfig = z.output<typeof CalendarConfig>;
