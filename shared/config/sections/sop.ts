import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_SOP_FOLDER = './sops';

/**
 * The `sop:` section: where the team keeps its SOP Markdown files (in git), and when owners of
 * stale SOPs get their weekly Slack reminder.
 */
export const SopConfig = z.strictObject({
  folder: z
    .string()
    .min(1)
    .default(DEFAULT_SOP_FOLDER)
    .describe('Folder of SOP Markdown files with front matter; relative to the config file'),
  reviewReminder: z
    .strictObject({
      enabled: z.boolean().default(true),
      day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
      hour: z.number().int().min(0).max(23).default(9).describe('Hour of day (server time zone)'),
      channel: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Slack channel for the reminder; unset: each owner by direct message when the owner is a Slack user',
        ),
    })
    .prefault({})
    .describe('Weekly reminder listing the stale SOPs of each owner'),
});
export type SopConfig = z.output<typeof SopConfig>;

/** The SOP folder as an absolute path: the configured one, else `./sops`, relative to `baseDir`. */
export function sopFolder(section: SopConfig | undefined, baseDir: string): string {
  const folder = section?.folder ?? DEFAULT_SOP_FOLDER;
  return isAbsolute(folder) ? folder : resolve(baseDir, folder);
}
