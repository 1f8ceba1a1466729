import type { SlaMetric } from '../../../shared/domain/index.js';
import type { SidebarSla } from './api-types.js';

/** `3d 4h`, `1h 05m`, `4m 12s`: coarse when far, to the second when close. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s % 60).padStart(2, '0')}s`;
}

export function ago(iso: string, nowMs: number): string {
  return `${formatDuration(nowMs - Date.parse(iso))} ago`;
}

const METRICS: Partial<Record<SlaMetric, string>> = {
  first_reply: 'First reply',
  next_reply: 'Next reply',
  periodic_update: 'Periodic update',
  pausable_update: 'Pausable update',
  resolution: 'Resolution',
  requester_wait: 'Requester wait',
  agent_work: 'Agent work',
  group_ownership: 'Group ownership',
  milestone: 'Milestone',
};
export const metricLabel = (m: SlaMetric) => METRICS[m] ?? m;

export type Tone = 'ok' | 'warn' | 'breach' | 'done' | 'paused';
/** Less than this left: amber. */
const AT_RISK_MS = 60 * 60 * 1000;

/** The clock as text and tone: colour is never the only signal (the text says it too). */
export function slaClock(target: SidebarSla, nowMs: number): { tone: Tone; stage: string; text: string } {
  if (target.stage === 'achieved')
    return {
      tone: 'done',
      stage: 'Achieved',
      text: target.achievedAt ? `met ${ago(target.achievedAt, nowMs)}` : 'met',
    };
  if (target.stage === 'paused') return { tone: 'paused', stage: 'Paused', text: 'clock stopped' };
  const due = target.dueAt === null ? null : Date.parse(target.dueAt);
  if (due === null) return { tone: 'ok', stage: 'Active', text: 'no due time' };
  if (target.stage === 'breached' || due <= nowMs)
    return { tone: 'breach', stage: 'Breached', text: `overdue by ${formatDuration(nowMs - due)}` };
  return {
    tone: due - nowMs < AT_RISK_MS ? 'warn' : 'ok',
    stage: due - nowMs < AT_RISK_MS ? 'At risk' : 'Active',
    text: `${formatDuration(due - nowMs)} left`,
  };
}

export const humanise = (s: string) => s.replace(/_/g, ' ');
