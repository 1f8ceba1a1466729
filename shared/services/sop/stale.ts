import type { Store } from '../../store/index.js';
import type { IndexedSop } from '../../store/repositories/sops.js';

const DAY_MS = 86_400_000;

/** When the SOP is next due for review; null when it was never verified (due now). */
export function reviewDueAt(sop: Pick<IndexedSop, 'lastVerified' | 'reviewIntervalDays'>): Date | null {
  if (sop.lastVerified === null) return null;
  return new Date(Date.parse(sop.lastVerified) + sop.reviewIntervalDays * DAY_MS);
}

/** Stale: never verified, or its review interval has passed since the last verification. */
export function isStale(sop: Pick<IndexedSop, 'lastVerified' | 'reviewIntervalDays'>, now: Date): boolean {
  const due = reviewDueAt(sop);
  return due === null || due.getTime() <= now.getTime();
}

export interface StaleSop {
  sop: IndexedSop;
  dueAt: string | null;
  daysOverdue: number | null;
}

/** Stale SOPs, most overdue first (never-verified ones lead), for the owners' review reminder. */
export async function staleSops(store: Store, options: { now?: Date } = {}): Promise<StaleSop[]> {
  const now = options.now ?? new Date();
  const stale = (await store.sops.list()).filter((sop) => isStale(sop, now));
  return stale
    .map((sop) => {
      const due = reviewDueAt(sop);
      return {
        sop,
        dueAt: due?.toISOString() ?? null,
        daysOverdue: due === null ? null : Math.floor((now.getTime() - due.getTime()) / DAY_MS),
      };
    })
    .sort(
      (a, b) =>
        (b.daysOverdue ?? Number.POSITIVE_INFINITY) - (a.daysOverdue ?? Number.POSITIVE_INFINITY) ||
        a.sop.id.localeCompare(b.sop.id),
    );
}

/** Stale SOPs grouped by owner: one reminder per owner. */
export function byOwner(stale: readonly StaleSop[]): Map<string, StaleSop[]> {
  const owners = new Map<string, StaleSop[]>();
  for (const item of stale) owners.set(item.sop.owner, [...(owners.get(item.sop.owner) ?? []), item]);
  return owners;
}
