/** Faults the sandbox can inject, each for the next `times` API requests whose path matches. */
export type Fault =
  | { type: 'expire-session' }
  | { type: 'request-limit'; times?: number; match?: string }
  | { type: 'server-error'; status?: 500 | 502 | 503 | 504; times?: number; match?: string }
  | { type: 'slow'; delayMs: number; times?: number; match?: string }
  | { type: 'drop'; times?: number; match?: string }
  /** Corrupts the middle record of the next query page(s): a record that fails validation. */
  | { type: 'malformed'; times?: number; match?: string };

interface Pending {
  fault: Fault;
  left: number;
}

export class FaultPlan {
  private pending: Pending[] = [];

  inject(fault: Fault): void {
    this.pending.push({ fault, left: 'times' in fault && fault.times !== undefined ? fault.times : 1 });
  }

  clear(): void {
    this.pending = [];
  }

  get size(): number {
    return this.pending.length;
  }

  /** The first pending fault that applies to this path (consumed), or null. */
  take(path: string, kinds: readonly Fault['type'][]): Fault | null {
    const entry = this.pending.find(
      (p) =>
        kinds.includes(p.fault.type) &&
        (!('match' in p.fault) || p.fault.match === undefined || path.includes(p.fault.match)),
    );
    if (entry === undefined) return null;
    entry.left -= 1;
    if (entry.left <= 0) this.pending = this.pending.filter((p) => p !== entry);
    return entry.fault;
  }
}
