import { describe, expect, it } from 'vitest';
import {
  breachAlert,
  digestMessage,
  escalationAlert,
  syncUnhealthyAlert,
} from '../../apps/slack-bot/blocks/alerts.js';
import { customerMessage } from '../../apps/slack-bot/blocks/customer.js';
import { escalationsMessage } from '../../apps/slack-bot/blocks/escalations.js';
import { helpMessage } from '../../apps/slack-bot/blocks/help.js';
import { homeView } from '../../apps/slack-bot/blocks/home.js';
import { assertWithinLimits, blockKitProblems } from '../../apps/slack-bot/blocks/limits.js';
import { escalateModal, qaFlagModal } from '../../apps/slack-bot/blocks/modals.js';
import { escapeMrkdwn } from '../../apps/slack-bot/blocks/mrkdwn.js';
import { qaFlagPosted, qaQueueMessage } from '../../apps/slack-bot/blocks/qa.js';
import { slaMessage } from '../../apps/slack-bot/blocks/sla.js';
import { ticketRefInText } from '../../apps/slack-bot/qa.js';
import type { QaFlag } from '../../shared/domain/index.js';
import type { EscalationView } from '../../shared/services/escalation/service.js';
import type { SlaToday, SlaTodayCounts, SlaTodayItem } from '../../shared/services/sla/today.js';
import type { JobHealth } from '../../shared/sync/index.js';
import { aTicket } from '../helpers/records.js';

const HUGE = 'x<@U1>&'.repeat(600); // 4,200 characters of hostile text
const crm = () => 'Zendesk';
const counts: SlaTodayCounts = {
  dueToday: 900,
  breachedToday: 400,
  atRisk: 500,
  achievedToday: 500,
  attainmentPct: 55.6,
  openBreachesEarlier: 3,
};
const item = (i: number): SlaTodayItem => ({
  targetId: `t${i}`,
  ticketId: `zendesk-main:${i}`,
  number: String(i),
  subject: HUGE,
  url: `https://acme.zendesk.com/agent/tickets/${i}`,
  metric: 'first_reply',
  origin: 'native',
  priority: 'high',
  groupId: HUGE,
  assigneeId: null,
  dueAt: '2026-01-05T11:00:00.000Z',
  minutesLeft: -i,
});
const today: SlaToday = {
  date: '2026-01-05',
  timeZone: 'UTC',
  now: '2026-01-05T12:00:00.000Z',
  window: { start: '2026-01-05T00:00:00.000Z', end: '2026-01-06T00:00:00.000Z' },
  totals: counts,
  byGroup: Array.from({ length: 40 }, (_, i) => ({ groupId: `${HUGE}${i}`, counts })),
  byPriority: [],
  atRisk: Array.from({ length: 500 }, (_, i) => item(i)),
  breached: Array.from({ length: 500 }, (_, i) => item(i + 1000)),
};
const escalation = (i: number): EscalationView => ({
  escalation: {
    id: `e${i}`,
    ticketId: `zendesk-main:${i}`,
    level: 1 + (i % 3),
    reasons: [HUGE, HUGE],
    ownerId: 'slack:U1',
    openedAt: '2026-01-05T09:00:00.000Z',
    openedBy: 'rule:x',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
  },
  ticket: aTicket({ source: 'zendesk-main', externalId: String(i), subject: HUGE }),
  levelName: HUGE,
  ageMinutes: i * 7,
});
const flag = (i: number): QaFlag => ({
  id: `f${i}`,
  ticketId: `zendesk-main:${i}`,
  flaggedBy: 'slack:UQA',
  reason: 'r'.repeat(3000),
  category: 'tone',
  severity: 'high',
  permalink: `https://acme.slack.com/archives/C1/p${i}`,
  source: 'slack',
  status: 'open',
  createdAt: '2026-01-05T09:00:00.000Z',
  claimedBy: null,
  claimedAt: null,
});
const job: JobHealth = {
  job: HUGE,
  connection: 'zendesk-main',
  streams: ['tickets'],
  schedule: 'every 5m',
  status: 'unhealthy',
  consecutiveFailures: 3,
  pausedReason: null,
  lastRun: null,
  recordsSynced: 0,
  lagSeconds: 120,
};

describe('Block Kit builders stay within Slack limits, whatever the input', () => {
  it('every message, modal and home built from huge lists and 4,000-character text', () => {
    const tickets = Array.from({ length: 500 }, (_, i) =>
      aTicket({ source: 'zendesk-main', externalId: String(i), subject: HUGE, status: 'open' }),
    );
    const messages = [
      slaMessage(today, { crmName: crm, group: HUGE, shareable: true }),
      slaMessage(today, { crmName: crm, shareable: false }),
      escalationsMessage(
        Array.from({ length: 300 }, (_, i) => escalation(i)),
        { crmName: crm, minLevel: 1, maxLevel: 3 },
      ),
      escalationsMessage([], { crmName: crm, minLevel: 2, maxLevel: 3 }),
      customerMessage(
        {
          query: HUGE,
          email: HUGE,
          people: [],
          organizations: [],
          openTickets: tickets,
          recentTickets: tickets.slice(0, 10),
          totalTickets: 500,
          csatPct: 80,
          escalations: [],
          qaFlags: Array.from({ length: 200 }, (_, i) => flag(i)),
        },
        crm,
      ),
      helpMessage(HUGE),
      qaQueueMessage(
        Array.from({ length: 50 }, (_, i) => flag(i)),
        5000,
        new Map(tickets.map((t) => [t.id, t])),
      ),
      qaFlagPosted(flag(1), tickets[0] ?? aTicket({ externalId: '1' })),
      escalationAlert(escalation(1), crm, 3),
      breachAlert(HUGE, today.breached, crm),
      syncUnhealthyAlert(job),
      digestMessage({ yesterday: today, today, openEscalations: 900, qaQueue: 5000 }),
    ];
    for (const body of messages) assertWithinLimits({ kind: 'message', body });
    expect(JSON.stringify(messages[0])).toMatch(/and \d+ more/);
    expect(JSON.stringify(messages[2])).toContain('and 2');
    assertWithinLimits({
      kind: 'modal',
      view: qaFlagModal({
        ticketRef: HUGE,
        excerpt: HUGE,
        meta: { channel: 'C1', permalink: `https://x/${HUGE}` },
      }),
    });
    assertWithinLimits({ kind: 'modal', view: qaFlagModal({ ticketRef: null, meta: {} }) });
    assertWithinLimits({
      kind: 'modal',
      view: escalateModal({ ticketRef: null, levels: Array.from({ length: 150 }, () => HUGE) }),
    });
    const home = homeView({
      roles: new Set(['admin']),
      today,
      escalations: Array.from({ length: 300 }, (_, i) => escalation(i)),
      qaQueueSize: 7,
      health: Array.from({ length: 100 }, () => job),
      crmName: crm,
      maxLevel: 3,
    });
    assertWithinLimits({ kind: 'home', view: home });
  });

  it('the validator catches what Slack would reject', () => {
    const long = 'y'.repeat(3001);
    const problems = blockKitProblems({
      kind: 'message',
      body: {
        text: 't',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: long }, block_id: 'a' },
          { type: 'header', text: { type: 'plain_text', text: long.slice(0, 151) }, block_id: 'a' },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: long.slice(0, 76) },
                action_id: 'b',
                value: long + long,
              },
            ],
          },
          {
            type: 'context',
            elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
          },
          ...Array.from({ length: 50 }, () => ({ type: 'divider' as const })),
        ],
      },
    });
    expect(problems).toEqual([
      'blocks: 54, limit 50',
      'blocks[0].text: 3001 characters, limit 3000',
      'blocks[1]: duplicate block_id a',
      'blocks[1].text: 151 characters, limit 150',
      'blocks[2].elements[0].text: 76 characters, limit 75',
      'blocks[2].elements[0].value: 6002 characters, limit 2000',
      'blocks[3].elements: 11, allowed 1–10',
    ]);
    expect(
      blockKitProblems({
        kind: 'modal',
        view: {
          type: 'modal',
          callback_id: 'c',
          title: { type: 'plain_text', text: 'A title over twenty-four chars' },
          blocks: [],
        },
      }),
    ).toEqual(['title: 30 characters, limit 24']);
  });

  it('escapes mrkdwn control characters and defuses broadcast words', () => {
    expect(escapeMrkdwn('<!here> <@U1> a & b <https://x|y> @channel')).toBe(
      '&lt;!here&gt; &lt;@U1&gt; a &amp; b &lt;https://x|y&gt; @\u200bchannel',
    );
  });

  it('finds ticket references in a message', () => {
    expect(ticketRefInText('see https://acme.zendesk.com/agent/tickets/4211 please')).toBe('4211');
    expect(
      ticketRefInText('Case https://acme.lightning.force.com/lightning/r/Case/500Hp00001AbCdEIAV/view'),
    ).toBe('500Hp00001AbCdEIAV');
    expect(ticketRefInText('what about #77?')).toBe('77');
    expect(ticketRefInText('ticket 912 again')).toBe('912');
    expect(ticketRefInText('nothing here 2026')).toBeNull();
  });
});
