/** A per-minute window of accepted requests, as Zendesk counts them; null limit = unlimited. */
export class SandboxRateLimit {
  private readonly accepted: number[] = [];

  constructor(readonly limit: number | null) {}

  /** Records the request when within the limit; otherwise says how long until a slot frees. */
  take(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.limit === null) return { ok: true };
    while (this.accepted.length > 0 && (this.accepted[0] as number) <= now - 60_000) this.accepted.shift();
    if (this.accepted.length < this.limit) {
      this.accepted.push(now);
      return { ok: true };
    }
    const freeAt = (this.accepted[0] as number) + 60_000;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
  }

  remaining(now: number): number | null {
    if (this.limit === null) return null;
    return Math.max(0, this.limit - this.accepted.filter((t) => t > now - 60_000).length);
  }

  resetsInSeconds(now: number): number {
    const oldest = this.accepted.find((t) => t > now - 60_000);
    return oldest === undefined ? 60 : Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
  }
}
