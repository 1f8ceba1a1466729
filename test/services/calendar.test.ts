import { describe, expect, it } from 'vitest';
import { formatPath } from '../../shared/config/env.js';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  CalendarConfig,
  isOpenAt,
} from '../../shared/services/sla/calendar.js';

const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const everyDay = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from, to }]]));

const calendars = {
  nyOffice: CalendarConfig.parse({
    id: 'ny',
    timeZone: 'America/New_York',
    hours: weekdays('09:00', '17:00'),
    holidays: ['2026-12-25'],
  }),
  nyNights: CalendarConfig.parse({
    id: 'ny-nights',
    timeZone: 'America/New_York',
    hours: everyDay('22:00', '06:00'),
  }),
  ny24x7: CalendarConfig.parse({ id: 'ny-24', timeZone: 'America/New_York', alwaysOpen: true }),
  ny24x7Holiday: CalendarConfig.parse({
    id: 'ny-24h',
    timeZone: 'America/New_York',
    alwaysOpen: true,
    holidays: ['2026-03-07'],
  }),
  berlinOffice: CalendarConfig.parse({
    id: 'ber',
    timeZone: 'Europe/Berlin',
    hours: weekdays('08:00', '18:00'),
  }),
  berlinSunday: CalendarConfig.parse({
    id: 'ber-sun',
    timeZone: 'Europe/Berlin',
    hours: { sun: [{ from: '00:00', to: '06:00' }] },
  }),
  berlinGap: CalendarConfig.parse({
    id: 'ber-gap',
    timeZone: 'Europe/Berlin',
    hours: { sun: [{ from: '02:30', to: '04:00' }] },
  }),
  berlinNights: CalendarConfig.parse({
    id: 'ber-n',
    timeZone: 'Europe/Berlin',
    hours: everyDay('22:00', '06:00'),
  }),
  berlinSplit: CalendarConfig.parse({
    id: 'ber-split',
    timeZone: 'Europe/Berlin',
    hours: {
      ...weekdays('08:00', '12:00'),
      mon: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ],
    },
  }),
};
type CalendarName = keyof typeof calendars;

describe('businessMinutesBetween', () => {
  const cases: [string, CalendarName, string, string, number][] = [
    [
      'US weekend with spring-forward (Fri 16:00 EST → Mon 10:00 EDT)',
      'nyOffice',
      '2026-03-06T21:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
      120,
    ],
    ['one full EDT day', 'nyOffice', '2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z', 480],
    [
      'a week across the US change is five full days',
      'nyOffice',
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      2400,
    ],
    [
      'a week across the US fall-back',
      'nyOffice',
      '2026-10-26T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      2400,
    ],
    ['Christmas is skipped', 'nyOffice', '2026-12-24T21:00:00.000Z', '2026-12-28T15:00:00.000Z', 120],
    ['closed all weekend', 'nyOffice', '2026-03-07T15:00:00.000Z', '2026-03-08T20:00:00.000Z', 0],
    ['reversed interval is zero', 'nyOffice', '2026-03-09T21:00:00.000Z', '2026-03-09T13:00:00.000Z', 0],
    ['partial minutes are kept', 'nyOffice', '2026-03-09T13:00:00.000Z', '2026-03-09T13:00:30.000Z', 0.5],
    [
      'overnight range loses the spring-forward hour',
      'nyNights',
      '2026-03-07T17:00:00.000Z',
      '2026-03-08T16:00:00.000Z',
      420,
    ],
    [
      'overnight range gains the fall-back hour',
      'nyNights',
      '2026-10-31T16:00:00.000Z',
      '2026-11-01T17:00:00.000Z',
      540,
    ],
    [
      '24x7 on the US spring-forward day is 23 h',
      'ny24x7',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      1380,
    ],
    [
      '24x7 on the US fall-back day is 25 h',
      'ny24x7',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      1500,
    ],
    [
      '24x7 with a holiday takes the local date out',
      'ny24x7Holiday',
      '2026-03-07T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      1380,
    ],
    [
      'EU weekend with spring-forward (Fri 17:00 CET → Mon 09:00 CEST)',
      'berlinOffice',
      '2026-03-27T16:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      120,
    ],
    [
      'EU weekend with fall-back (Fri 17:00 CEST → Mon 09:00 CET)',
      'berlinOffice',
      '2026-10-23T15:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
      120,
    ],
    [
      'Sunday 00:00–06:00 on the EU spring-forward day is 5 h',
      'berlinSunday',
      '2026-03-28T12:00:00.000Z',
      '2026-03-29T12:00:00.000Z',
      300,
    ],
    [
      'Sunday 00:00–06:00 on the EU fall-back day is 7 h',
      'berlinSunday',
      '2026-10-24T12:00:00.000Z',
      '2026-10-25T12:00:00.000Z',
      420,
    ],
    [
      'a range starting in the spring gap opens at 03:30 CEST',
      'berlinGap',
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T03:00:00.000Z',
      30,
    ],
    [
      'several ranges a day, lunch excluded',
      'berlinSplit',
      '2026-03-30T05:00:00.000Z',
      '2026-03-30T17:00:00.000Z',
      480,
    ],
    [
      'midnight-spanning range counted on both dates',
      'berlinNights',
      '2026-01-05T20:00:00.000Z',
      '2026-01-06T06:00:00.000Z',
      480,
    ],
  ];
  it.each(cases)('%s', (_name, calendar, from, to, expected) => {
    expect(businessMinutesBetween(calendars[calendar], new Date(from), new Date(to))).toBeCloseTo(
      expected,
      9,
    );
  });
});

describe('addBusinessMinutes', () => {
  const cases: [string, CalendarName, string, number, string][] = [
    [
      'over the US spring-forward weekend',
      'nyOffice',
      '2026-03-06T21:00:00.000Z',
      120,
      '2026-03-09T14:00:00.000Z',
    ],
    [
      'running out at closing time stays at closing time',
      'nyOffice',
      '2026-03-09T20:00:00.000Z',
      60,
      '2026-03-09T21:00:00.000Z',
    ],
    [
      'a start on Saturday counts from Monday opening',
      'nyOffice',
      '2026-03-07T15:00:00.000Z',
      30,
      '2026-03-09T13:30:00.000Z',
    ],
    ['skips Christmas', 'nyOffice', '2026-12-24T21:00:00.000Z', 120, '2026-12-28T15:00:00.000Z'],
    [
      'zero minutes is the start itself',
      'nyOffice',
      '2026-03-07T15:00:00.000Z',
      0,
      '2026-03-07T15:00:00.000Z',
    ],
    [
      '24x7 across the US change is plain elapsed time',
      'ny24x7',
      '2026-03-08T05:00:00.000Z',
      1440,
      '2026-03-09T05:00:00.000Z',
    ],
    [
      'overnight range on the EU spring-forward night',
      'berlinNights',
      '2026-03-28T21:00:00.000Z',
      420,
      '2026-03-29T04:00:00.000Z',
    ],
    [
      'overnight range on the EU fall-back night',
      'berlinNights',
      '2026-10-24T20:00:00.000Z',
      480,
      '2026-10-25T04:00:00.000Z',
    ],
    ['EU fall-back weekend', 'berlinOffice', '2026-10-23T15:00:00.000Z', 120, '2026-10-26T08:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, calendar, start, minutes, expected) => {
    expect(addBusinessMinutes(calendars[calendar], new Date(start), minutes).toISOString()).toBe(expected);
  });

  it('is the inverse of businessMinutesBetween', () => {
    const starts = ['2026-03-06T18:30:00.000Z', '2026-10-30T23:15:00.000Z', '2026-12-23T12:00:00.000Z'];
    for (const calendar of Object.values(calendars)) {
      for (const start of starts) {
        for (const minutes of [1, 59, 480, 1000, 4321]) {
          const due = addBusinessMinutes(calendar, new Date(start), minutes);
          expect(businessMinutesBetween(calendar, new Date(start), due)).toBeCloseTo(minutes, 6);
        }
      }
    }
  });

  it('counts spans longer than the due-date scan limit without giving up', () => {
    // 2021-01-04 and 2032-01-05 are both Mondays 09:00 in New York: 574 whole weeks, minus the
    // one listed holiday (holidays are dates, not yearly rules).
    const minutes = businessMinutesBetween(
      calendars.nyOffice,
      new Date('2021-01-04T14:00:00.000Z'),
      new Date('2032-01-05T14:00:00.000Z'),
    );
    expect(minutes).toBe((574 * 5 - 1) * 480);
  });

  it('rejects negative minutes', () => {
    expect(() => addBusinessMinutes(calendars.nyOffice, new Date(), -1)).toThrow(RangeError);
  });
});

describe('isOpenAt', () => {
  it('follows the wall clock of the zone', () => {
    expect(isOpenAt(calendars.nyOffice, new Date('2026-03-09T13:00:00.000Z'))).toBe(true);
    expect(isOpenAt(calendars.nyOffice, new Date('2026-03-09T12:59:00.000Z'))).toBe(false);
    expect(isOpenAt(calendars.nyOffice, new Date('2026-12-25T15:00:00.000Z'))).toBe(false);
  });
});

describe('CalendarConfig validation', () => {
  const issuesOf = (input: unknown) => {
    const result = CalendarConfig.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  };
  const cases: [string, unknown, RegExp][] = [
    [
      'unknown time zone',
      { id: 'x', timeZone: 'Mars/Olympus', alwaysOpen: true },
      /^timeZone: unknown time zone "Mars\/Olympus"/,
    ],
    [
      'overlapping ranges',
      {
        id: 'x',
        timeZone: 'UTC',
        hours: {
          mon: [
            { from: '09:00', to: '12:00' },
            { from: '11:00', to: '13:00' },
          ],
        },
      },
      /^hours\.mon\[1\]: overlaps hours\.mon\[0\] \(09:00–12:00\)/,
    ],
    [
      'overnight spill overlapping next morning',
      {
        id: 'x',
        timeZone: 'UTC',
        hours: { sun: [{ from: '22:00', to: '06:00' }], mon: [{ from: '05:00', to: '09:00' }] },
      },
      /^hours\.mon\[0\]: overlaps hours\.sun\[0\] \(22:00–06:00\)/,
    ],
    [
      'contained range',
      {
        id: 'x',
        timeZone: 'UTC',
        hours: {
          tue: [
            { from: '08:00', to: '18:00' },
            { from: '09:00', to: '10:00' },
            { from: '17:00', to: '19:00' },
          ],
        },
      },
      /^hours\.tue\[1\]: overlaps hours\.tue\[0\]/,
    ],
    [
      'bad time',
      { id: 'x', timeZone: 'UTC', hours: { mon: [{ from: '25:00', to: '26:00' }] } },
      /^hours\.mon\[0\]\.from: expected a 24-hour time/,
    ],
    [
      'empty range',
      { id: 'x', timeZone: 'UTC', hours: { mon: [{ from: '09:00', to: '09:00' }] } },
      /^hours\.mon\[0\]\.to: a range must not start and end/,
    ],
    ['never open', { id: 'x', timeZone: 'UTC', hours: { mon: [] } }, /^hours: the calendar is never open/],
    [
      'both alwaysOpen and hours',
      { id: 'x', timeZone: 'UTC', alwaysOpen: true, hours: weekdays('09:00', '17:00') },
      /^hours: set either alwaysOpen or hours/,
    ],
    ['unknown day', { id: 'x', timeZone: 'UTC', hours: { monday: [] } }, /^hours: /],
    [
      'impossible holiday',
      { id: 'x', timeZone: 'UTC', alwaysOpen: true, holidays: ['2026-02-30'] },
      /^holidays\[0\]: not a real date/,
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const issues = issuesOf(input);
    expect(
      issues.some((i) => expected.test(i)),
      issues.join('\n'),
    ).toBe(true);
  });

  it('accepts touching ranges and a 24:00 end', () => {
    expect(
      issuesOf({
        id: 'x',
        timeZone: 'UTC',
        hours: {
          mon: [
            { from: '09:00', to: '12:00' },
            { from: '12:00', to: '24:00' },
          ],
        },
      }),
    ).toEqual([]);
    // A spill that ends exactly where the next day's range starts is adjacent, not overlapping.
    expect(
      issuesOf({
        id: 'x',
        timeZone: 'UTC',
        hours: { sat: [{ from: '22:00', to: '02:00' }], sun: [{ from: '02:00', to: '04:00' }] },
      }),
    ).toEqual([]);
  });
});
