import { describe, expect, it } from 'vitest';
import { erlangC, offeredLoad, requiredAgents } from '../../shared/services/metrics/erlang-c.js';

// Oracle 1 (FACTS/cs-domain.md): 100 calls / 30 min, AHT 180 s, 80/20, occupancy ≤ 85%, shrinkage 30%.
const oracle1 = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180 };

describe('Erlang C oracle 1', () => {
  it('has an offered load of 10 erlangs', () => {
    expect(offeredLoad(oracle1)).toBe(10);
  });

  const rows: [number, number, number, number, number][] = [
    [11, 0.6821, 0.3896, 122.78, 0.909],
    [12, 0.4494, 0.6402, 40.44, 0.833],
    [13, 0.2853, 0.7956, 17.12, 0.769],
    [14, 0.1741, 0.8884, 7.84, 0.714],
    [15, 0.102, 0.9415, 3.67, 0.667],
  ];
  it.each(rows)('N = %i', (agents, pWait, sl, asa, rho) => {
    const f = erlangC(oracle1, agents, 20);
    expect(f.waitingProbability.toFixed(4)).toBe(pWait.toFixed(4));
    expect(f.serviceLevel.toFixed(4)).toBe(sl.toFixed(4));
    expect(f.asaSeconds.toFixed(2)).toBe(asa.toFixed(2));
    expect(f.occupancy.toFixed(3)).toBe(rho.toFixed(3));
  });

  it('needs 14 on the phones and 20 scheduled, as pyworkforce says', () => {
    const s = requiredAgents(oracle1, {
      serviceLevel: 0.8,
      thresholdSeconds: 20,
      maxOccupancy: 0.85,
      shrinkage: 0.3,
    });
    expect(s.rawPositions).toBe(14);
    expect(s.positions).toBe(20);
    expect(s.serviceLevel).toBeCloseTo(0.8883500191794669, 12);
    expect(s.occupancy).toBeCloseTo(0.7142857142857143, 12);
    expect(s.waitingProbability).toBeCloseTo(0.1741319335950498, 12);
  });
});

describe('Erlang C oracle 2', () => {
  it('360 calls / 30 min, AHT 240 s, N = 55, t = 15 s', () => {
    const traffic = { calls: 360, intervalSeconds: 1800, ahtSeconds: 240 };
    expect(offeredLoad(traffic)).toBe(48);
    const f = erlangC(traffic, 55, 15);
    expect(f.occupancy.toFixed(4)).toBe('0.8727');
    expect(f.waitingProbability.toFixed(4)).toBe('0.2387');
    expect(f.serviceLevel.toFixed(4)).toBe('0.8459');
    expect(f.asaSeconds.toFixed(2)).toBe('8.18');
  });
});

describe('edge cases', () => {
  it('an overloaded queue always waits and never meets a service level', () => {
    const f = erlangC(oracle1, 10, 20);
    expect(f).toMatchObject({
      waitingProbability: 1,
      serviceLevel: 0,
      asaSeconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
    });
  });
  it('the occupancy cap can require more agents than the service level', () => {
    expect(
      requiredAgents(oracle1, { serviceLevel: 0.5, thresholdSeconds: 20, maxOccupancy: 0.7 }).rawPositions,
    ).toBe(15);
  });
  it('rejects impossible goals instead of searching forever', () => {
    expect(() => requiredAgents(oracle1, { serviceLevel: 1, thresholdSeconds: 20 })).toThrow(RangeError);
    expect(() => requiredAgents(oracle1, { serviceLevel: 0.8, thresholdSeconds: 20, shrinkage: 1 })).toThrow(
      RangeError,
    );
  });
});
