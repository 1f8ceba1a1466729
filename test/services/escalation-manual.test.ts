import { describe, expect, it } from 'vitest';
import { Escalation, EscalationEvent } from '../../shared/domain/index.js';
import { CasebridgeError } from '../../shared/errors.js';
import {
  acknowledgeEscalation,
  deEscalate,
  escalateManually,
  resolveEscalation,
} from '../../shared/services/escalation/manual.js';
import { EscalationConfig } from '../../shared/services/escalation/rules.js';

const config = EscalationConfig.parse({
  levels: [
    { name: 'lead', owner: 'u1' },
    { name: 'manager', owner: 'u2' },
  ],
});
const ticketId = 'test-crm:M1';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 12, minute));

describe('manual escalation lifecycle', () => {
  it('escalate → acknowledge → raise → de-escalate → resolve, each with one valid event', () => {
    const steps: EscalationEvent[] = [];
    let applied = escalateManually({
      config,
      ticketId,
      latest: null,
      level: 'lead',
      reason: 'angry CEO',
      actor: 'ana',
      now: at(0),
    });
    steps.push(applied.event);
    expect(applied.escalation).toMatchObject({
      level: 1,
      ownerId: 'u1',
      reasons: ['angry CEO'],
      openedBy: 'ana',
    });
    applied = acknowledgeEscalation({ ticketId, latest: applied.escalation, actor: 'u1', now: at(1) });
    steps.push(applied.event);
    expect(applied.escalation.acknowledgedBy).toBe('u1');
    applied = escalateManually({
      config,
      ticketId,
      latest: applied.escalation,
      level: 2,
      reason: 'no fix yet',
      actor: 'ana',
      now: at(2),
    });
    steps.push(applied.event);
    expect(applied.escalation).toMatchObject({
      level: 2,
      ownerId: 'u2',
      acknowledgedAt: null,
      reasons: ['angry CEO', 'no fix yet'],
    });
    applied = deEscalate({ config, ticketId, latest: applied.escalation, actor: 'u2', now: at(3) });
    steps.push(applied.event);
    expect(applied.escalation.level).toBe(1);
    applied = resolveEscalation({
      ticketId,
      latest: applied.escalation,
      actor: 'u1',
      now: at(4),
      note: 'fixed',
    });
    steps.push(applied.event);
    Escalation.parse(applied.escalation);
    expect(steps.map((e) => EscalationEvent.parse(e).type)).toEqual([
      'opened',
      'acknowledged',
      'raised',
      'lowered',
      'resolved',
    ]);
  });

  it('refuses what makes no sense, saying why', () => {
    const open = escalateManually({
      config,
      ticketId,
      latest: null,
      level: 1,
      reason: 'r',
      actor: 'ana',
      now: at(0),
    }).escalation;
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof CasebridgeError ? error.code : 'other';
      }
      return 'no error';
    };
    expect(
      code(() =>
        escalateManually({ config, ticketId, latest: null, level: 5, reason: 'r', actor: 'a', now: at(1) }),
      ),
    ).toBe('escalation.unknown_level');
    expect(code(() => acknowledgeEscalation({ ticketId, latest: null, actor: 'a', now: at(1) }))).toBe(
      'escalation.not_open',
    );
    const acked = acknowledgeEscalation({ ticketId, latest: open, actor: 'a', now: at(1) }).escalation;
    expect(code(() => acknowledgeEscalation({ ticketId, latest: acked, actor: 'a', now: at(2) }))).toBe(
      'escalation.already_acknowledged',
    );
    expect(code(() => deEscalate({ config, ticketId, latest: open, actor: 'a', now: at(1) }))).toBe(
      'escalation.lowest_level',
    );
    const resolved = resolveEscalation({ ticketId, latest: open, actor: 'a', now: at(1) }).escalation;
    expect(code(() => resolveEscalation({ ticketId, latest: resolved, actor: 'a', now: at(2) }))).toBe(
      'escalation.not_open',
    );
  });

  it('escalating at the same level only notes the new reason', () => {
    const open = escalateManually({
      config,
      ticketId,
      latest: null,
      level: 1,
      reason: 'a',
      actor: 'x',
      now: at(0),
    }).escalation;
    const noted = escalateManually({
      config,
      ticketId,
      latest: open,
      level: 1,
      reason: 'b',
      actor: 'x',
      now: at(1),
    });
    expect(noted.event.type).toBe('noted');
    expect(noted.escalation.reasons).toEqual(['a', 'b']);
  });
});
