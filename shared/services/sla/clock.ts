import { z } from 'zod';
import { TicketStatus } from '../../domain/ticket.js';
import { addBusinessMinutes, businessMinutesBetween } from './calendar.js';
import type { Clock } from './policy.js';

const MINUTE_MS = 60_000;

/** One entry of a ticket's status history: from `at` on, the ticket had `status`. */
export const StatusChange = z.object({ status: TicketStatus, at: z.string() });
export type StatusChange = z.infer<typeof StatusChange>;

/** Half-open `[start, end)` in epoch ms; `end` is Infinity while it is still going on. */
export interface Interval {
  start: number;
  end: number;
}

/** Parses an ISO timestamp; null for null, empty or unparsable values (reported by the caller). */
export function instantOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The stretches during which the ticket sat in one of `pauseWhile`, up to `nowMs`. A pause still in
 * force at `nowMs` is open-ended (Infinity), because nobody knows yet when it will end.
 */
export function pausedIntervals(
  history: readonly StatusChange[],
  pauseWhile: readonly string[],
  nowMs: number,
): Interval[] {
  if (pauseWhile.length === 0) return [];
  const changes = history
    .map((h) => ({ status: h.status, at: instantOf(h.at) }))
    .filter((h): h is { status: StatusChange['status']; at: number } => h.at !== null && h.at <= nowMs)
    .sort((a, b) => a.at - b.at);
  const intervals: Interval[] = [];
  changes.forEach((change, i) => {
    if (!pauseWhile.includes(change.status)) return;
    const end = changes[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const last = intervals.at(-1);
    // pending → on_hold is one continuous pause.
    if (last !== undefined && last.end === change.at) last.end = end;
    else intervals.push({ start: change.at, end });
  });
  return intervals;
}

/** True when the last pause is still going on. */
export function isPaused(pauses: readonly Interval[]): boolean {
  return pauses.at(-1)?.end === Number.POSITIVE_INFINITY;
}

/** The stretches after `startMs` during which the clock runs: everything but the pauses. */
function runningSegments(startMs: number, pauses: readonly Interval[]): Interval[] {
  const segments: Interval[] = [];
  let from = startMs;
  for (const pause of pauses) {
    if (pause.end <= from) continue;
    if (pause.start > from) segments.push({ start: from, end: pause.start });
    from = Math.max(from, pause.end);
  }
  if (from !== Number.POSITIVE_INFINITY) segments.push({ start: from, end: Number.POSITIVE_INFINITY });
  return segments;
}

function minutesIn(clock: Clock, start: number, end: number): number {
  if (clock.calendar === null) return (end - start) / MINUTE_MS;
  return businessMinutesBetween(clock.calendar, new Date(start), new Date(end));
}

function addMinutes(clock: Clock, start: number, minutes: number): number {
  if (clock.calendar === null) return start + minutes * MINUTE_MS;
  return addBusinessMinutes(clock.calendar, new Date(start), minutes).getTime();
}

/** Minutes on the clock between `startMs` and `endMs`, pauses excluded, in the clock's time. */
export function elapsedMinutes(
  clock: Clock,
  startMs: number,
  endMs: number,
  pauses: readonly Interval[],
): number {
  let total = 0;
  for (const s of runningSegments(startMs, pauses)) {
    if (s.start >= endMs) break;
    total += minutesIn(clock, s.start, Math.min(s.end, endMs));
  }
  return total;
}

/**
 * When the clock reaches its target, pauses excluded; null while a still-open pause stops it
 * short of the target (the due time is unknown until the ticket leaves the pausing status).
 */
export function dueInstant(clock: Clock, startMs: number, pauses: readonly Interval[]): number | null {
  let remaining = clock.minutes;
  for (const s of runningSegments(startMs, pauses)) {
    if (s.end === Number.POSITIVE_INFINITY) return addMinutes(clock, s.start, remaining);
    const available = minutesIn(clock, s.start, s.end);
    if (remaining <= available) return addMinutes(clock, s.start, remaining);
    remaining -= available;
  }
  return null;
}
