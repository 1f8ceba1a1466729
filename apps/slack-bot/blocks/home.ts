import type { SlackRole } from '../../../shared/config/sections/slack.js';
import type { EscalationView } from '../../../shared/services/escalation/service.js';
import type { SlaToday } from '../../../shared/services/sla/today.js';
import type { JobHealth } from '../../../shared/sync/index.js';
import { boundedList, context, divider, fitBlocks, header, md, section } from './common.js';
import { escalationBlocks } from './escalations.js';
import { LIMITS } from './limits.js';
import { safeText } from './mrkdwn.js';
import type { Block, HomeView } from './types.js';

export interface HomeInput {
  roles: ReadonlySet<SlackRole>;
  today: SlaToday;
  /** Escalations the user owns or may acknowledge. */
  escalations: readonly EscalationView[];
  qaQueueSize: number | null;
  health: readonly JobHealth[] | null;
  crmName: (s: string) => string;
  maxLevel: number;
}

const HEALTH_EMOJI: Record<string, string> = {
  healthy: ':large_green_circle:',
  running: ':large_blue_circle:',
  failing: ':large_orange_circle:',
  unhealthy: ':red_circle:',
  paused: ':double_vertical_bar:',
};

/** Each user's App Home: SLA today, their escalations, the QA queue (QA staff), sync health (admins). */
export function homeView(input: HomeInput): HomeView {
  const t = input.today.totals;
  const blocks: Block[] = [
    header(`casebridge — ${input.today.date}`),
    {
      type: 'section',
      fields: [
        md(`*SLA attainment*\n${t.attainmentPct === null ? 'n/a' : `${t.attainmentPct}%`}`),
        md(`*Breached today*\n${t.breachedToday}`),
        md(`*At risk now*\n${t.atRisk}`),
        md(`*Due today*\n${t.dueToday}`),
      ],
    },
  ];
  if (input.qaQueueSize !== null)
    blocks.push(section(`:mag: *QA queue:* ${input.qaQueueSize} flags waiting`));
  if (input.health !== null) blocks.push(...healthBlocks(input.health));
  blocks.push(divider(), section(`*Your escalations* (${input.escalations.length})`));
  const room = LIMITS.viewBlocks - blocks.length - 1;
  blocks.push(
    ...(input.escalations.length === 0
      ? [context('Nothing waiting for you.')]
      : boundedList(
          input.escalations,
          (v, i) => escalationBlocks(v, `home.esc.${i}`, input.crmName, input.maxLevel),
          room,
        )),
  );
  return { type: 'home', blocks: fitBlocks(blocks, LIMITS.viewBlocks) };
}

function healthBlocks(health: readonly JobHealth[]): Block[] {
  if (health.length === 0) return [section('*Sync:* no jobs configured')];
  const lines = health.map(
    (j) =>
      `${HEALTH_EMOJI[j.status] ?? ':white_circle:'} ${safeText(j.job, 80)}: ${j.status}${j.lagSeconds === null ? '' : `, ${Math.round(j.lagSeconds / 60)} min behind`}`,
  );
  const shown = lines.slice(0, 30);
  const more = lines.length > shown.length ? `\n…and ${lines.length - shown.length} more jobs` : '';
  return [section(`*Sync health*\n${shown.join('\n')}${more}`)];
}
