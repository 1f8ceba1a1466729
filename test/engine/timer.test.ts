import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCasebridge } from '../../apps/composition-root.js';
import { sweepUnsolved } from '../../apps/engine-timer.js';
import { connectorConfigInfo } from '../../connectors/index.js';
import { buildConfigSchema, type Config } from '../../shared/config/index.js';
import { aTicket } from '../helpers/records.js';

describe('the escalation timer', () => {
  it('escalates an urgent ticket once it has been unassigned for 30 minutes, with no sync in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebridge-timer-'));
    const config = buildConfigSchema(connectorConfigInfo()).parse({
      database: `sqlite:${join(dir, 'cb.db')}`,
      escalation: {
        levels: [{ name: 'Lead' }, { name: 'Manager' }],
        rules: [{ id: 'urgent', level: 2, when: { priority: ['urgent'], unassignedForMinutes: 30 } }],
      },
      log: { level: 'silent' },
    }) as Config;
    const casebridge = await buildCasebridge({ loaded: { config, path: null, baseDir: dir, secrets: [] } });
    try {
      await casebridge.store.tickets.upsertMany([
        aTicket({
          externalId: 'u1',
          priority: 'urgent',
          assigneeId: null,
          createdAt: '2026-03-10T12:00:00.000Z',
          updatedAt: '2026-03-10T12:00:00.000Z',
        }),
        aTicket({
          externalId: 'u2',
          priority: 'urgent',
          assigneeId: 'test-crm:agent',
          createdAt: '2026-03-10T12:00:00.000Z',
          updatedAt: '2026-03-10T12:00:00.000Z',
        }),
      ]);
      expect(await sweepUnsolved(casebridge, new Date('2026-03-10T12:20:00.000Z'))).toBe(0);
      expect(await sweepUnsolved(casebridge, new Date('2026-03-10T12:31:00.000Z'))).toBe(1);
      expect(await sweepUnsolved(casebridge, new Date('2026-03-10T12:40:00.000Z'))).toBe(0);
      const open = await casebridge.services.escalations.listOpen();
      expect(open.map((v) => [v.escalation.ticketId, v.escalation.level, v.levelName])).toEqual([
        ['test-crm:u1', 2, 'Manager'],
      ]);
    } finally {
      await casebridge.close();
    }
  });
});
