import { SandboxArticles } from './articles.js';
import { commentEvent, metricEvents, type TimedItem, ticketEvents } from './events.js';
import {
  BASE_TIME,
  IDS,
  organizationCount,
  rawOrganization,
  rawUser,
  userCount,
  userUpdatedAt,
} from './people.js';
import { type DatasetShape, planTicket, rawMetricSet, rawTicket, ticketStep } from './tickets.js';

export interface TimePage {
  items: Record<string, unknown>[];
  endTime: number;
  endOfStream: boolean;
}

/** A change made after seeding (an action, a test): it goes to the end of the export order. */
interface TicketVersion {
  time: number;
  ticket: Record<string, unknown>;
}

export interface TicketChange {
  status?: string;
  priority?: string | null;
  tags?: string[];
  comment?: { body: string; public: boolean; authorId?: number };
}

/**
 * The sandbox's Zendesk account. Seeded records are computed from (seed, index) on request, so a
 * million tickets cost no memory; only later changes are held, in `versions`.
 */
export class SandboxData {
  private readonly versions: TicketVersion[] = [];
  private readonly latest = new Map<number, number>();
  private readonly commentOverlay: TimedItem[] = [];
  private nextOverlayId = 0;
  /** The Help Center (Guide) articles. */
  readonly articles = new SandboxArticles();

  constructor(readonly shape: DatasetShape) {}

  get size(): number {
    return this.shape.size;
  }

  // ---- tickets: cursor export positions (seeded tickets, then changed versions) ----

  ticketPositions(): number {
    return this.shape.size + this.versions.length;
  }

  /** The ticket at an export position with its metric set, or null when a later version supersedes it. */
  ticketAt(position: number): { ticket: Record<string, unknown>; metricSet: Record<string, unknown> } | null {
    if (position < this.shape.size) {
      if (this.latest.has(position + 1)) return null;
      const plan = planTicket(this.shape, position);
      return {
        ticket: rawTicket(this.shape, plan),
        metricSet: rawMetricSet(plan, ticketStep(this.shape.size)),
      };
    }
    const k = position - this.shape.size;
    const version = this.versions[k];
    if (version === undefined || this.latest.get(Number(version.ticket.id)) !== k) return null;
    const plan = planTicket(this.shape, Number(version.ticket.id) - 1);
    return { ticket: version.ticket, metricSet: rawMetricSet(plan, ticketStep(this.shape.size)) };
  }

  /** The first export position whose `generated_timestamp` is at or after `startTime`. */
  firstTicketPosition(startTime: number): number {
    let low = 0;
    let high = this.shape.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (planTicket(this.shape, mid).updatedAt < startTime) low = mid + 1;
      else high = mid;
    }
    if (low < this.shape.size) return low;
    const k = this.versions.findIndex((v) => v.time >= startTime);
    return k === -1 ? this.ticketPositions() : this.shape.size + k;
  }

  /** The current version of a ticket (seeded or changed), or null when it does not exist. */
  currentTicket(id: number): Record<string, unknown> | null {
    const k = this.latest.get(id);
    if (k !== undefined) return (this.versions[k] as TicketVersion).ticket;
    if (!Number.isInteger(id) || id < 1 || id > this.shape.size) return null;
    return rawTicket(this.shape, planTicket(this.shape, id - 1));
  }

  /** Applies a change as Zendesk would: a new version at the end of the export, a new audit if commented. */
  changeTicket(
    id: number,
    change: TicketChange,
    now = Math.floor(Date.now() / 1000),
  ): Record<string, unknown> | null {
    const current = this.currentTicket(id);
    if (current === null) return null;
    const last = this.versions.at(-1)?.time ?? 0;
    const time = Math.max(now, last, BASE_TIME + 300 * 86_400);
    const stamp = new Date(time * 1000).toISOString().replace('.000', '');
    const ticket: Record<string, unknown> = { ...current, updated_at: stamp, generated_timestamp: time };
    if (change.status !== undefined) ticket.status = change.status;
    if (change.priority !== undefined) ticket.priority = change.priority;
    if (change.tags !== undefined) ticket.tags = change.tags;
    this.versions.push({ time, ticket });
    this.latest.set(id, this.versions.length - 1);
    if (change.comment !== undefined) {
      const n = this.nextOverlayId++;
      const author = change.comment.authorId ?? IDS.user;
      this.commentOverlay.push(
        commentEvent(IDS.ticketEvent + 900_000_000 + n, IDS.comment + 900_000_000 + n, id, time, {
          authorId: author,
          body: change.comment.body,
          public: change.comment.public,
        }),
      );
    }
    return ticket;
  }

  // ---- users: cursor export positions ----

  userPositions(): number {
    return userCount(this.shape.size);
  }

  userAt(position: number): Record<string, unknown> {
    return rawUser(this.shape.seed, position);
  }

  firstUserPosition(startTime: number): number {
    const count = this.userPositions();
    let low = 0;
    let high = count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (userUpdatedAt(mid) < startTime) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  // ---- time-based exports ----

  organizations(startTime: number, limit: number): TimePage {
    const all: TimedItem[] = [];
    for (let k = 0; k < organizationCount(); k++) {
      const item = rawOrganization(k);
      all.push({ time: Date.parse(String(item.updated_at)) / 1000, item });
    }
    return timePage(all, startTime, limit);
  }

  ticketEvents(startTime: number, limit: number): TimePage {
    return this.perTicketExport(startTime, limit, (i) => ticketEvents(this.shape, i), this.commentOverlay);
  }

  metricEvents(startTime: number, limit: number): TimePage {
    return this.perTicketExport(startTime, limit, (i) => metricEvents(this.shape, i), []);
  }

  /** Items of ticket i lie in [created_i, created_i+1): start at the first ticket that can hold one. */
  private perTicketExport(
    startTime: number,
    limit: number,
    itemsOf: (index: number) => TimedItem[],
    overlay: readonly TimedItem[],
  ): TimePage {
    const step = ticketStep(this.shape.size);
    const items: TimedItem[] = [];
    let index = Math.max(0, Math.floor((startTime - BASE_TIME) / step) - 1);
    for (; index < this.shape.size && items.length < limit; index++) {
      for (const item of itemsOf(index)) if (item.time >= startTime) items.push(item);
    }
    const more = index < this.shape.size;
    if (!more) for (const item of overlay) if (item.time >= startTime) items.push(item);
    return timePage(items, startTime, limit, more);
  }
}

/** Items at or after `startTime`, oldest first, cut at `limit`; `end_time` is the last item's second. */
function timePage(sorted: readonly TimedItem[], startTime: number, limit: number, more = false): TimePage {
  const from = sorted.filter((i) => i.time >= startTime);
  const page = from.slice(0, limit);
  return {
    items: page.map((i) => i.item),
    endTime: page.at(-1)?.time ?? startTime,
    endOfStream: !more && from.length <= limit,
  };
}
