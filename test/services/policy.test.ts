import { describe, expect, it } from 'vitest';
import { matchPolicy, policyClock, SlaConfig, validateSlaConfig } from '../../shared/services/sla/policy.js';
import { aTicket } from '../helpers/records.js';

const calendar = {
  id: 'office',
  timeZone: 'Europe/Berlin',
  hours: { mon: [{ from: '09:00', to: '17:00' }] },
};
const config = SlaConfig.parse({
  calendars: [calendar],
  policies: [
    {
      id: 'vip',
      calendar: 'office',
      match: { organizationTier: ['vip'] },
      targets: { first_reply: { minutes: 30 } },
    },
    {
      id: 'urgent-chat',
      match: { priority: ['urgent'], channel: ['chat', 'phone'] },
      targets: { first_reply: { minutes: 10, business: false } },
    },
    {
      id: 'billing',
      calendar: 'office',
      match: { connection: ['zendesk-main'], tags: { all: ['billing'], any: ['refund', 'invoice'] } },
      targets: { resolution: { minutes: 2880, pauseWhile: ['pending'] } },
    },
    {
      id: 'tier-1-group',
      calendar: 'office',
      match: { group: ['zendesk-main:42'] },
      targets: { next_reply: { minutes: 240 } },
    },
    {
      id: 'default',
      calendar: 'office',
      targets: { first_reply: { minutes: 480 }, resolution: { minutes: 4800 } },
    },
  ],
});

describe('matchPolicy (first match wins)', () => {
  const cases: [string, Parameters<typeof aTicket>[0], string | null, string][] = [
    ['tier decides first', { externalId: '1', priority: 'urgent', channel: 'chat' }, 'vip', 'vip'],
    ['priority and channel', { externalId: '2', priority: 'urgent', channel: 'phone' }, null, 'urgent-chat'],
    [
      'channel not listed falls through',
      { externalId: '3', priority: 'urgent', channel: 'email' },
      null,
      'default',
    ],
    [
      'null priority matches no priority list',
      { externalId: '4', priority: null, channel: 'chat' },
      null,
      'default',
    ],
    [
      'tags all + any',
      { externalId: '5', source: 'zendesk-main', tags: ['billing', 'invoice'] },
      null,
      'billing',
    ],
    ['tags all without any', { externalId: '6', source: 'zendesk-main', tags: ['billing'] }, null, 'default'],
    [
      'connection must match',
      { externalId: '7', source: 'salesforce-main', tags: ['billing', 'refund'] },
      null,
      'default',
    ],
    ['group', { externalId: '8', groupId: 'zendesk-main:42' }, 'gold', 'tier-1-group'],
  ];
  it.each(cases)('%s', (_name, ticket, tier, expected) => {
    expect(matchPolicy(config.policies, { ticket: aTicket(ticket), organizationTier: tier })?.id).toBe(
      expected,
    );
  });

  it('returns null when nothing matches', () => {
    expect(
      matchPolicy(config.policies.slice(0, 1), {
        ticket: aTicket({ externalId: '9' }),
        organizationTier: null,
      }),
    ).toBeNull();
  });
});

describe('policyClock', () => {
  it('resolves the calendar of business targets and none for calendar time', () => {
    const [vip, urgent] = config.policies;
    if (vip === undefined || urgent === undefined) throw new Error('fixture');
    expect(policyClock(config, vip, 'first_reply')).toMatchObject({
      minutes: 30,
      calendar: { id: 'office' },
      pauseWhile: [],
    });
    expect(policyClock(config, urgent, 'first_reply')).toMatchObject({ minutes: 10, calendar: null });
    expect(policyClock(config, urgent, 'resolution')).toBeNull();
  });
});

describe('validateSlaConfig', () => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      'empty priority list',
      {
        policies: [
          { id: 'p', match: { priority: [] }, targets: { first_reply: { minutes: 5, business: false } } },
        ],
      },
      'sla.policies[0].match.priority',
      /can never apply/,
    ],
    [
      'empty tags.any',
      {
        policies: [
          {
            id: 'p',
            match: { tags: { any: [] } },
            targets: { first_reply: { minutes: 5, business: false } },
          },
        ],
      },
      'sla.policies[0].match.tags.any',
      /matches no ticket/,
    ],
    [
      'unknown calendar on a target',
      {
        calendars: [calendar],
        policies: [{ id: 'p', targets: { resolution: { minutes: 5, calendar: 'nope' } } }],
      },
      'sla.policies[0].targets.resolution.calendar',
      /no calendar with id "nope" \(known: office\)/,
    ],
    [
      'unknown calendar on a policy',
      { policies: [{ id: 'p', calendar: 'nope', targets: { resolution: { minutes: 5 } } }] },
      'sla.policies[0].calendar',
      /no calendar with id "nope"/,
    ],
    [
      'business target without a calendar',
      { policies: [{ id: 'p', targets: { resolution: { minutes: 5 } } }] },
      'sla.policies[0].targets.resolution.calendar',
      /needs a calendar/,
    ],
    ['no targets', { policies: [{ id: 'p', targets: {} }] }, 'sla.policies[0].targets', /at least one/],
    [
      'shadowed by a catch-all',
      {
        policies: [
          { id: 'a', targets: { first_reply: { minutes: 5, business: false } } },
          {
            id: 'b',
            match: { priority: ['low'] },
            targets: { first_reply: { minutes: 5, business: false } },
          },
        ],
      },
      'sla.policies[1]',
      /policies\[0\] matches every ticket first/,
    ],
    [
      'duplicate policy id',
      {
        policies: [
          {
            id: 'a',
            match: { priority: ['low'] },
            targets: { first_reply: { minutes: 5, business: false } },
          },
          { id: 'a', targets: { first_reply: { minutes: 5, business: false } } },
        ],
      },
      'sla.policies[1].id',
      /duplicate id "a"/,
    ],
    [
      'unknown metric',
      { policies: [{ id: 'p', targets: { first_response: { minutes: 5 } } }] },
      'sla.policies[0].targets',
      /unknown key|Unrecognized/i,
    ],
    [
      'overlapping calendar ranges',
      {
        calendars: [
          {
            id: 'c',
            timeZone: 'UTC',
            hours: {
              mon: [
                { from: '09:00', to: '12:00' },
                { from: '10:00', to: '11:00' },
              ],
            },
          },
        ],
      },
      'sla.calendars[0].hours.mon[1]',
      /overlaps hours\.mon\[0\]/,
    ],
    [
      'unknown zone',
      { calendars: [{ id: 'c', timeZone: 'Europe/Atlantis', alwaysOpen: true }] },
      'sla.calendars[0].timeZone',
      /unknown time zone/,
    ],
    [
      'unknown connection',
      {
        policies: [
          {
            id: 'p',
            match: { connection: ['hubspot'] },
            targets: { first_reply: { minutes: 5, business: false } },
          },
        ],
      },
      'sla.policies[0].match.connection[0]',
      /no connection with id "hubspot"/,
    ],
  ];
  it.each(cases)('%s', (_name, input, path, message) => {
    const issues = validateSlaConfig(input, { connections: ['zendesk-main'] });
    expect(
      issues.some((i) => i.path === path && message.test(i.message)),
      JSON.stringify(issues),
    ).toBe(true);
  });

  it('accepts the example config', () => {
    expect(validateSlaConfig(config)).toEqual([]);
  });
});
