import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath } from '../../shared/config/env.js';
import { EscalationConfig } from '../../shared/services/escalation/index.js';
import { SlaConfig } from '../../shared/services/sla/index.js';

// How the config schema is meant to embed the sections: issues keep their full paths.
const Root = z.strictObject({ sla: SlaConfig.optional(), escalation: EscalationConfig.optional() });
const paths = (input: unknown) => {
  const result = Root.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
};

describe('sla: and escalation: embedded in the config', () => {
  it('report problems at their full path', () => {
    const issues = paths({
      sla: {
        calendars: [
          {
            id: 'c',
            timeZone: 'UTC',
            hours: {
              mon: [
                { from: '09:00', to: '12:00' },
                { from: '11:00', to: '13:00' },
              ],
            },
          },
        ],
      },
      escalation: {
        levels: [{ name: 'lead' }],
        rules: [{ id: 'r', level: 2, when: { crmEscalated: true } }],
      },
    });
    expect(issues).toEqual([
      expect.stringMatching(/^sla\.calendars\[0\]\.hours\.mon\[1\]: overlaps hours\.mon\[0\]/),
      expect.stringMatching(/^escalation\.rules\[0\]\.level: no level 2/),
    ]);
  });

  it('fill defaults for a minimal section', () => {
    const parsed = Root.parse({ sla: {}, escalation: { levels: [{ name: 'lead' }] } });
    expect(parsed.sla).toEqual({ timeZone: 'UTC', atRiskMinutes: 60, calendars: [], policies: [] });
    expect(parsed.escalation).toEqual({
      levels: [{ name: 'lead', owner: null, notify: [] }],
      rules: [],
      autoResolveWhenSolved: true,
    });
  });
});
