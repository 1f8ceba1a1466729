/**
 * The demo's SLA policies and escalation matrix (the same as in casebridge.example.yaml): a US
 * support team on business hours, faster targets for urgent tickets and VIPs, and rules that
 * escalate breaches, CRM-escalated cases, unassigned urgent tickets and VIP complaints.
 */
const weekday = [{ from: '08:00', to: '18:00' }];

export const DEMO_SLA = {
  timeZone: 'America/New_York',
  atRiskMinutes: 60,
  calendars: [
    {
      id: 'us-support',
      timeZone: 'America/New_York',
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      holidays: ['2026-11-26', '2026-12-25', '2027-01-01'],
    },
    { id: 'around-the-clock', timeZone: 'America/New_York', alwaysOpen: true },
  ],
  policies: [
    {
      id: 'urgent',
      title: 'Urgent: 1h first reply, 8h resolution, around the clock',
      calendar: 'around-the-clock',
      match: { priority: ['urgent'] },
      targets: { first_reply: { minutes: 60 }, next_reply: { minutes: 120 }, resolution: { minutes: 480 } },
    },
    {
      id: 'vip',
      title: 'VIP accounts: 2 business hours first reply',
      calendar: 'us-support',
      match: { organizationTier: ['vip'] },
      targets: { first_reply: { minutes: 120 }, next_reply: { minutes: 240 }, resolution: { minutes: 1440 } },
    },
    {
      id: 'standard',
      title: 'Everyone else: 8 business hours first reply',
      calendar: 'us-support',
      targets: { first_reply: { minutes: 480 }, next_reply: { minutes: 480 }, resolution: { minutes: 4800 } },
    },
  ],
};

export const DEMO_ESCALATION = {
  levels: [
    { name: 'Team lead', owner: 'team-leads@example.com', notify: [] },
    { name: 'Support manager', owner: 'support-managers@example.com', notify: [] },
    { name: 'Head of support', owner: 'head-of-support@example.com', notify: [] },
  ],
  rules: [
    { id: 'escalated-in-crm', level: 1, reason: 'escalated in the CRM', when: { crmEscalated: true } },
    { id: 'sla-breached', level: 1, when: { slaBreached: true } },
    { id: 'urgent-unassigned', level: 2, when: { priority: ['urgent'], unassignedForMinutes: 30 } },
    {
      id: 'vip-complaint',
      level: 2,
      reason: 'VIP customer complaint',
      when: { organizationTier: ['vip'], tags: { any: ['complaint'] } },
    },
    { id: 'reopened-twice', level: 2, when: { reopenedAtLeast: 2 } },
  ],
  autoResolveWhenSolved: true,
};

/**
 * The demo's Slack roles. Everyone gets `agent` (the default); the demo cannot know your
 * workspace's user ids, so `SLACK_ADMIN_USERS` (comma-separated, e.g. `U0123ABCD,U0456EFGH`)
 * names who may do everything — QA flags, reviews and reports included.
 */
export function demoSlackRoles(env: NodeJS.ProcessEnv): { defaultRole: 'agent'; admin: string[] } {
  const admin = (env.SLACK_ADMIN_USERS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return { defaultRole: 'agent', admin };
}
