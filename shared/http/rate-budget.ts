import type { Clock } from './clock.js';

const WINDOW_MS = 60_000;

/**
 * A sliding one-minute window of request start times: `acquire` waits until sending one more keeps
 * the last minute within `perMinute`. Keeping under the CRM's limit is cheaper than meeting 429s.
 * Shared by every caller that spends the same limit (one per account endpoint family).
 */
export class RateBudget {
  private readonly sent: number[] = [];

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RangeError(`a request budget must be a positive integer per minute, got ${perMinute}`);
    }
  }

  /** Resolves when one request may be sent, and records it as sent. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - WINDOW_MS) this.sent.shift();
      if (this.sent.length < this.perMinute) {
        this.sent.push(now);
        return;
      }
      await this.clock.sleep((this.sent[0] as number) + WINDOW_MS - now, signal);
    }
  }
}
