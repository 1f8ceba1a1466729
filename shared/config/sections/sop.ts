import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_SOP_FOLDER = './sops';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const Reminder = z.strictObject({
  day: z.enum(WEEKDAYS).default('mon').describe('Day of the week the reminder goes out'),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time like 09:00')
    .default('09:00')
    .describe('Local time, in the SLA time zone (sla.timeZone)'),
});
export type SopReminderConfig = z.output<typeof Reminder>;

/**
 * The `sop:` section: where the team keeps its SOP Markdown files (in git), where people can read
 * them on the web, and when owners of stale SOPs get their weekly Slack reminder.
 */
export const SopConfig = z.strictObject({
  folder: z
    .string()
    .min(1)
    .default(DEFAULT_SOP_FOLDER)
    .describe('Folder of SOP Markdown files with front matter; relative to the config file'),
  browseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'Web address of the SOP folder in your git host (e.g. https://github.com/acme/sops/blob/main/); an SOP links to this plus its path',
    ),
  reminder: z
    .union([z.literal(false), Reminder])
    .default({ day: 'mon', time: '09:00' })
    .describe(
      'Weekly Slack reminder to the owners of stale SOPs ({ day, time } in the SLA time zone); false turns it off',
    ),
});
export type SopConfig = z.output<typeof SopConfig>;

/** The reminder's schedule: the configured one, Monday 09:00 when the section is absent, null when off. */
export function sopReminder(section: SopConfig | undefined): SopReminderConfig | null {
  if (section === undefined) return { day: 'mon', time: '09:00' };
  return section.reminder === false ? null : section.reminder;
}

/** The SOP folder as an absolute path: the configured one, else `./sops`, relative to `baseDir`. */
export function sopFolder(section: SopConfig | undefined, baseDir: string): string {
  const folder = section?.folder ?? DEFAULT_SOP_FOLDER;
  return isAbsolute(folder) ? folder : resolve(baseDir, folder);
}

/**
 * Where an SOP can be read on the web: an imported knowledge article's own address (its path is
 * the article's URL), else `browseUrl` + the file's path, or null when not configured.
 */
export function sopFileUrl(section: SopConfig | undefined, path: string): string | null {
  if (/^https?:\/\//i.test(path)) return path;
  const base = section?.browseUrl;
  if (base === undefined) return null;
  return `${base.replace(/\/?$/, '/')}${path.split('/').map(encodeURIComponent).join('/')}`;
}
