import { breachAlert, digestMessage, syncUnhealthyAlert } from '../blocks/alerts.js';
import type { SlackBotDeps } from '../deps.js';
import { postSafely } from '../slack-api.js';
import { announceEscalation } from './escalations.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
export const durationMs = (text: string): number =>
  Number(text.slice(0, -1)) * (UNIT_MS[text.slice(-1)] ?? 60_000);

/**
 * Alerts by watching the store (escalations come from sync runs, other processes and the CLI, so
 * watching is the one way to see them all): new escalations, SLA breaches batched per group (at
 * most one message per `slack.breachAlertEvery`), sync jobs turning unhealthy, the daily digest.
 * `tick()` is one pass; `start()` runs it every minute.
 */
export function createMonitor(deps: SlackBotDeps) {
  const announced = new Set<string>();
  const alertedBreaches = new Set<string>();
  const lastBreachAlert = new Map<string, number>();
  const unhealthy = new Set<string>();
  let digestDate: string | null = null;
  let primed = false;

  async function escalations(): Promise<void> {
    const open = await deps.services.escalations.listOpen(1);
    for (const view of open) {
      // Key by level, so a raised escalation is announced again.
      const key = `${view.escalation.id}@${view.escalation.level}`;
      if (announced.has(key)) continue;
      announced.add(key);
      if (primed) await announceEscalation(deps, view.escalation.ticketId);
    }
  }

  async function breaches(): Promise<void> {
    const today = await deps.services.slaToday({ now: deps.now(), listLimit: 1000 });
    const fresh = today.breached.filter((item) => !alertedBreaches.has(item.targetId));
    const byGroup = new Map<string, typeof fresh>();
    for (const item of fresh)
      byGroup.set(item.groupId ?? '', [...(byGroup.get(item.groupId ?? '') ?? []), item]);
    const every = durationMs(deps.slack().breachAlertEvery);
    const channel = deps.slack().alertsChannel;
    for (const [group, items] of byGroup) {
      const last = lastBreachAlert.get(group) ?? Number.NEGATIVE_INFINITY;
      if (deps.now().getTime() - last < every) continue;
      for (const item of items) alertedBreaches.add(item.targetId);
      if (!primed || channel === undefined) continue;
      lastBreachAlert.set(group, deps.now().getTime());
      await postSafely(deps, channel, breachAlert(group === '' ? null : group, items, deps.crmName));
    }
  }

  async function syncHealth(): Promise<void> {
    const channel = deps.slack().alertsChannel;
    for (const job of await deps.health()) {
      const bad = job.status === 'unhealthy' || (job.status === 'paused' && job.pausedReason !== null);
      if (!bad) {
        unhealthy.delete(job.job);
        continue;
      }
      if (unhealthy.has(job.job)) continue;
      unhealthy.add(job.job);
      if (channel !== undefined) await postSafely(deps, channel, syncUnhealthyAlert(job));
    }
  }

  async function digest(): Promise<void> {
    const config = deps.slack().digest;
    const channel = config?.channel ?? deps.slack().alertsChannel;
    if (config === undefined || channel === undefined) return;
    const now = deps.now();
    const local = localClock(now, deps.timeZone());
    if (local.time < config.time || digestDate === local.date) return;
    digestDate = local.date;
    const today = await deps.services.slaToday({ now, listLimit: 1 });
    const yesterday = await deps.services.slaToday({
      now: new Date(Date.parse(today.window.start) - 1),
      listLimit: 1,
    });
    const openEscalations = (await deps.services.escalations.listOpen(1)).length;
    const qaQueue = await deps.store.qaFlags.queueSize();
    await postSafely(deps, channel, digestMessage({ yesterday, today, openEscalations, qaQueue }));
  }

  async function tick(): Promise<void> {
    for (const step of [escalations, breaches, syncHealth, digest]) {
      await step().catch((error: unknown) =>
        deps.log.error({ err: error, step: step.name }, 'Slack alert check failed'),
      );
    }
    // The first pass only learns what already exists: a restart does not re-announce it.
    primed = true;
  }

  let timer: NodeJS.Timeout | null = null;
  return {
    tick,
    start(everyMs = 60_000) {
      void tick();
      timer = setInterval(() => void tick(), everyMs);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
export type Monitor = ReturnType<typeof createMonitor>;

/** Local date and HH:MM in the team's zone (the digest time is local). */
export function localClock(at: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}
