/** Faults the sandbox injects, every Nth request (1-based over all API requests) or queued one by one. */
export interface FaultPlan {
  tooManyRequestsEvery?: number;
  /** The `Retry-After` of injected 429s (seconds; default 1). */
  retryAfterSeconds?: number;
  serverErrorEvery?: number;
  /** Status of injected server errors (default 503). */
  serverErrorStatus?: number;
  slowEvery?: number;
  slowMs?: number;
  /** Destroys the socket without an answer (a connection reset). */
  dropEvery?: number;
}

export type Fault =
  | { kind: '429'; retryAfterSeconds: number }
  | { kind: '5xx'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'drop' };

const every = (n: number, period: number | undefined) =>
  period !== undefined && period > 0 && n % period === 0;

/** The fault for request number `n`, if any: queued faults first, then the periodic plan. */
export class FaultInjector {
  private readonly queue: Fault[] = [];

  constructor(private readonly plan: FaultPlan = {}) {}

  inject(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  next(n: number): Fault | null {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    const p = this.plan;
    if (every(n, p.dropEvery)) return { kind: 'drop' };
    if (every(n, p.tooManyRequestsEvery)) return { kind: '429', retryAfterSeconds: p.retryAfterSeconds ?? 1 };
    if (every(n, p.serverErrorEvery)) return { kind: '5xx', status: p.serverErrorStatus ?? 503 };
    if (every(n, p.slowEvery)) return { kind: 'slow', ms: p.slowMs ?? 2000 };
    return null;
  }
}
