/**
 * The lookback window makes every run re-read the last minutes before its checkpoint (to catch
 * records committed late with an earlier SystemModstamp). The ids already committed inside that
 * window travel in the checkpoint (`seen`), so a re-read row that is exactly what was committed is
 * skipped: an immediate second run changes nothing, while a late or newer row still comes through.
 */
export const MAX_SEEN = 2000;

export class Overlap {
  private readonly skipIds: ReadonlySet<string>;
  private readonly cutoff: string | null;
  /** id → SystemModstamp (ms) of rows read this run or carried over, pruned to the window. */
  private readonly recent = new Map<string, number>();

  constructor(
    previous: { systemModstamp: string | null; seen?: string[] | undefined } | null,
    private readonly lookbackMs: number,
  ) {
    this.skipIds = new Set(previous?.seen ?? []);
    this.cutoff = previous?.systemModstamp ?? null;
    const carried = this.cutoff === null ? 0 : Date.parse(this.cutoff);
    for (const id of this.skipIds) this.recent.set(id, carried);
  }

  /** A row committed by an earlier run: its id was seen and it is no newer than that run's checkpoint. */
  skip(id: string | null, stamp: string | null): boolean {
    return (
      id !== null && stamp !== null && this.cutoff !== null && stamp <= this.cutoff && this.skipIds.has(id)
    );
  }

  track(id: string | null, stamp: string | null): void {
    if (id !== null && stamp !== null) this.recent.set(id, Date.parse(stamp));
  }

  /** The ids to store with a checkpoint at `highWater`: those the next run's lookback re-reads. */
  seen(highWater: string | null): string[] {
    if (highWater === null) return [];
    const from = Date.parse(highWater) - this.lookbackMs;
    for (const [id, stamp] of this.recent) if (stamp < from) this.recent.delete(id);
    const ids = [...this.recent.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    // Past the cap the overlap is simply re-read next run (idempotent upserts), never lost.
    return ids.slice(0, MAX_SEEN);
  }
}
