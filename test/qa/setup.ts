import { QaConfig } from '../../shared/config/sections/qa.js';
import { createQaService } from '../../shared/services/qa/index.js';
import type { Store } from '../../shared/store/index.js';
import { aPerson, aTicket } from '../helpers/records.js';
import { aScorecardYaml, scorecardFolder } from './fixtures.js';

export const AGENT = 'ana@acme.test';
export const REVIEWER = 'rita@acme.test';
export const LEAD = 'lead@acme.test';

/** A store with one agent, three tickets assigned to her, a flag on the first, and a QA service on a movable clock. */
export async function qaWorld(store: Store, config: Partial<QaConfig> = {}) {
  const folder = scorecardFolder({ 'email.yaml': aScorecardYaml() });
  await store.people.upsertMany([
    aPerson({ externalId: 'ana', email: AGENT, role: 'agent' }),
    aPerson({ externalId: 'rita', email: REVIEWER, role: 'agent' }),
  ]);
  await store.tickets.upsertMany(
    ['100', '101', '102'].map((n) =>
      aTicket({
        externalId: n,
        assigneeId: 'test-crm:ana',
        groupId: 'test-crm:g-billing',
        subject: `Refund ${n}`,
      }),
    ),
  );
  const clock = { now: new Date('2026-02-02T10:00:00.000Z') };
  const qa = createQaService({
    store,
    config: QaConfig.parse({
      scorecards: folder,
      leads: [LEAD],
      reviewers: [REVIEWER, 'ravi@acme.test'],
      ...config,
    }),
    now: () => clock.now,
  });
  const flag = async (ticket = '100', id = `flag-${ticket}`) => {
    await store.qaFlags.add({
      id,
      ticketId: `test-crm:${ticket}`,
      flaggedBy: 'slack:U123',
      reason: 'rude reply',
      category: null,
      severity: null,
      permalink: null,
      source: 'slack',
      status: 'open',
      createdAt: clock.now.toISOString(),
      claimedBy: null,
      claimedAt: null,
    });
    return id;
  };
  const advance = (days: number) => {
    clock.now = new Date(clock.now.getTime() + days * 86_400_000);
  };
  return { qa, folder, clock, flag, advance };
}

export const GOOD = { greeting: 1, resolution: 4, tone: 3, compliance: 'na' } as const;
