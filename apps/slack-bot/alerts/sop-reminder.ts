import { type SopReminderConfig, sopReminder, WEEKDAYS } from '../../../shared/config/sections/sop.js';
import { byOwner, type StaleSop, staleSops } from '../../../shared/services/sop/index.js';
import {
  sopReminderMessage,
  sopUnreachedOwnersMessage,
  type UnreachedOwner,
} from '../blocks/sop-reminder.js';
import type { SlackBotDeps } from '../deps.js';
import { postSafely } from '../slack-api.js';
import { slackUserForOwner } from '../sop-owners.js';
import { localClock } from './monitor.js';

/** Where the week's progress is kept: not a CRM connection (their ids cannot start with `_`). */
export const REMINDER_STATE = { connection: '_casebridge', key: 'sop.reminder' } as const;

interface ReminderState {
  /** The local date the reminder was due (the configured day of that week). */
  week: string;
  /** Owners already sent their DM this week: a restart mid-run does not DM them again. */
  done: string[];
  finished: boolean;
}

const DAY_MS = 86_400_000;
const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The week whose reminder is due now, or null. It is due from the configured local day and time
 * for 24 hours, so a process that was down at that moment catches up that day, and a first start
 * later in the week does not send a reminder out of turn.
 */
export function dueWeek(now: Date, timeZone: string, schedule: SopReminderConfig): string | null {
  const local = localClock(now, timeZone);
  const weekday = (new Date(`${local.date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const target = WEEKDAYS.indexOf(schedule.day);
  if (weekday === target && local.time >= schedule.time) return local.date;
  if (weekday === (target + 1) % 7 && local.time < schedule.time) return shiftDate(local.date, -1);
  return null;
}

/** Emails are case-insensitive: `Billing@…` and `billing@…` are one owner and get one DM. */
const ownerKey = (owner: string) => (owner.includes('@') ? owner.trim().toLowerCase() : owner.trim());

/** Stale SOPs per owner (most overdue first), owners in alphabetical order. */
function staleByOwner(stale: readonly StaleSop[]): [string, StaleSop[]][] {
  const keyed = stale.map((item) => ({ ...item, sop: { ...item.sop, owner: ownerKey(item.sop.owner) } }));
  return [...byOwner(keyed)].sort(([a], [b]) => a.localeCompare(b));
}

function readState(value: unknown, week: string): ReminderState {
  const state = value as Partial<ReminderState> | null;
  if (state?.week !== week) return { week, done: [], finished: false };
  return {
    week,
    done: Array.isArray(state.done) ? state.done.map(String) : [],
    finished: state.finished === true,
  };
}

/**
 * The weekly reminder: each owner of stale SOPs gets a DM listing them; owners casebridge cannot
 * find in Slack are listed in one message to the alerts channel. Runs where the alerts run (one
 * process: the scheduling leader), and records its progress in the store, so a restart neither
 * repeats the week's reminder nor DMs an owner twice.
 */
export function createSopReminder(deps: SlackBotDeps) {
  const save = (state: ReminderState) =>
    deps.store.connectorState.set(REMINDER_STATE.connection, REMINDER_STATE.key, state);

  async function remindOwner(
    owner: string,
    items: StaleSop[],
    state: ReminderState,
  ): Promise<UnreachedOwner | null> {
    const found = await slackUserForOwner(deps, owner);
    if (found.userId === null) return { owner, reason: found.reason, items };
    const ts = await postSafely(deps, found.userId, sopReminderMessage(items));
    if (ts === null) return { owner, reason: 'the direct message failed (see the log)', items };
    state.done.push(owner);
    await save(state);
    return null;
  }

  async function send(week: string, state: ReminderState): Promise<void> {
    const owners = staleByOwner(await staleSops(deps.store, { now: deps.now() }));
    const unreached: UnreachedOwner[] = [];
    for (const [owner, items] of owners) {
      if (state.done.includes(owner)) continue;
      const missed = await remindOwner(owner, items, state);
      if (missed !== null) unreached.push(missed);
    }
    const channel = deps.slack().alertsChannel;
    if (unreached.length > 0 && channel !== undefined)
      await postSafely(deps, channel, sopUnreachedOwnersMessage(unreached));
    else if (unreached.length > 0)
      deps.log.warn(
        { owners: unreached.map((u) => u.owner) },
        'SOP reminder: some owners are not reachable in Slack and slack.alertsChannel is not set to list them',
      );
    await save({ ...state, finished: true });
    await deps.store.auditLog.record({
      actor: 'casebridge',
      action: 'sop.reminder',
      target: week,
      details: {
        dmed: state.done,
        unreached: unreached.map((u) => u.owner),
        stale: owners.reduce((n, [, items]) => n + items.length, 0),
      },
    });
    deps.log.info(
      { week, dmed: state.done.length, unreached: unreached.length },
      `SOP review reminder sent: ${state.done.length} owners by DM, ${unreached.length} listed in the alerts channel`,
    );
  }

  /** One check: sends the week's reminder when it is due and not yet sent. */
  async function tick(): Promise<void> {
    const schedule = sopReminder(deps.sop());
    if (schedule === null) return;
    const week = dueWeek(deps.now(), deps.timeZone(), schedule);
    if (week === null) return;
    const state = readState(
      await deps.store.connectorState.get(REMINDER_STATE.connection, REMINDER_STATE.key),
      week,
    );
    if (!state.finished) await send(week, state);
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const safeTick = () => {
    running = running
      .then(tick)
      .catch((error: unknown) => deps.log.error({ err: error }, 'SOP review reminder failed'));
  };
  return {
    tick,
    start(everyMs = 60_000) {
      safeTick();
      timer = setInterval(safeTick, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
export type SopReminder = ReturnType<typeof createSopReminder>;
