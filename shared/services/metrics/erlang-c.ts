/**
 * Erlang C staffing (M/M/N queue, no abandonment — so it errs towards too many agents).
 *
 *   A (offered load, erlangs) = calls × AHT ÷ interval length
 *   ρ (occupancy)             = A ÷ N, must be < 1
 *   P(wait)                   = [Aᴺ/N! · N/(N−A)] ÷ [Σₖ₌₀ᴺ⁻¹ Aᵏ/k! + Aᴺ/N! · N/(N−A)]   (1 when N ≤ A)
 *   SL(t)                     = 1 − P(wait) · e^(−(N−A)·t/AHT)
 *   ASA                       = P(wait) · AHT ÷ (N − A)
 *   scheduled staff           = ⌈N ÷ (1 − shrinkage)⌉
 *
 * P(wait) is computed through the Erlang B recursion, B(k) = A·B(k−1) ÷ (k + A·B(k−1)) and
 * C = N·B ÷ (N − A·(1 − B)), which never forms Aᴺ or N! and so stays exact for large N.
 */

export interface Traffic {
  /** Contacts arriving in one interval. */
  calls: number;
  intervalSeconds: number;
  /** Average handle time (talk + hold + wrap-up). */
  ahtSeconds: number;
}

export interface QueueFigures {
  agents: number;
  load: number;
  occupancy: number;
  waitingProbability: number;
  /** Share of contacts answered within `thresholdSeconds`, 0–1. */
  serviceLevel: number;
  /** Average speed of answer; Infinity when the queue grows without bound (N ≤ A). */
  asaSeconds: number;
}

export function offeredLoad(traffic: Traffic): number {
  return (traffic.calls * traffic.ahtSeconds) / traffic.intervalSeconds;
}

export function waitingProbability(agents: number, load: number): number {
  if (agents <= load) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (load * b) / (k + load * b);
  return (agents * b) / (agents - load * (1 - b));
}

/** The queue's figures with `agents` on the phones. */
export function erlangC(traffic: Traffic, agents: number, thresholdSeconds: number): QueueFigures {
  if (!Number.isInteger(agents) || agents < 1)
    throw new RangeError(`agents must be a whole number ≥ 1, got ${agents}`);
  const load = offeredLoad(traffic);
  const pWait = waitingProbability(agents, load);
  const spare = agents - load;
  const unstable = spare <= 0;
  return {
    agents,
    load,
    occupancy: Math.min(1, load / agents),
    waitingProbability: pWait,
    serviceLevel: unstable ? 0 : 1 - pWait * Math.exp((-spare * thresholdSeconds) / traffic.ahtSeconds),
    asaSeconds: unstable ? Number.POSITIVE_INFINITY : (pWait * traffic.ahtSeconds) / spare,
  };
}

export interface StaffingGoal {
  /** e.g. 0.8 for 80/20. */
  serviceLevel: number;
  thresholdSeconds: number;
  /** Highest acceptable occupancy, e.g. 0.85 (default 1: no cap). */
  maxOccupancy?: number;
  /** Share of paid time not on the phones (breaks, training), e.g. 0.3. */
  shrinkage?: number;
}

export interface Staffing extends QueueFigures {
  /** Agents needed on the phones. */
  rawPositions: number;
  /** Agents to schedule once shrinkage is taken into account. */
  positions: number;
}

/** The fewest agents meeting the service level and the occupancy cap, and how many to schedule. */
export function requiredAgents(traffic: Traffic, goal: StaffingGoal): Staffing {
  const maxOccupancy = goal.maxOccupancy ?? 1;
  const shrinkage = goal.shrinkage ?? 0;
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  if (!(maxOccupancy > 0 && maxOccupancy <= 1))
    throw new RangeError(`maxOccupancy must be in (0, 1], got ${maxOccupancy}`);
  // A target of 100% is never met exactly, so it would search forever.
  if (!(goal.serviceLevel > 0 && goal.serviceLevel < 1))
    throw new RangeError(`serviceLevel must be in (0, 1), got ${goal.serviceLevel}`);
  const load = offeredLoad(traffic);
  let agents = Math.max(1, Math.floor(load) + 1);
  for (;;) {
    const figures = erlangC(traffic, agents, goal.thresholdSeconds);
    if (figures.serviceLevel >= goal.serviceLevel && figures.occupancy <= maxOccupancy) {
      // 14 ÷ 0.7 is 20.000000000000004 in floating point; it must schedule 20, not 21.
      const positions = Math.ceil(agents / (1 - shrinkage) - 1e-9);
      return { ...figures, rawPositions: agents, positions };
    }
    agents++;
  }
}
