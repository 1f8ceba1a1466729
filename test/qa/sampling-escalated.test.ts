import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QaConfig } from '../../shared/config/sections/qa.js';
import { createQaService } from '../../shared/services/qa/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';

describe('QA sampling of escalated tickets', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
  });
  afterAll(async () => dispose());

  it('flags every ticket with an open escalation at the rule’s level or above, once', async () => {
    await store.tickets.upsertMany([
      aTicket({ externalId: 'e1' }),
      aTicket({ externalId: 'e2' }),
      aTicket({ externalId: 'e3' }),
    ]);
    const escalation = (ticket: string, level: number, resolvedAt: string | null) => ({
      id: `esc-${ticket}`,
      ticketId: `test-crm:${ticket}`,
      level,
      reasons: ['SLA breached'],
      ownerId: null,
      openedAt: '2026-03-10T10:00:00.000Z',
      openedBy: 'rules',
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt,
      resolvedBy: resolvedAt === null ? null : 'rules',
    });
    await store.escalations.insert(escalation('e1', 2, null));
    await store.escalations.insert(escalation('e2', 1, null));
    await store.escalations.insert(escalation('e3', 3, '2026-03-10T11:00:00.000Z'));
    const qa = createQaService({
      store,
      config: QaConfig.parse({ sampling: [{ id: 'escalations', kind: 'escalated', minLevel: 2 }] }),
    });
    const added = await qa.runSampling({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' });
    expect(added.map((f) => [f.ticketId, f.flaggedBy, f.reason])).toEqual([
      ['test-crm:e1', 'rule:escalations', 'escalated to level 2: SLA breached'],
    ]);
    expect(
      await qa.runSampling({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' }),
    ).toEqual([]);
  });
});
