import { join, resolve } from 'node:path';
import type { Config } from '../../../shared/config/index.js';
import type { Store } from '../../../shared/store/index.js';
import { buildAppFolder } from '../build/app-folder.js';

/** What the preview route needs (see `apps/server/routes/zendesk-app-preview.ts`). */
export interface PreviewDependencies {
  config: () => Config;
  /** The built app folder, built on first use. */
  appDir: () => Promise<string>;
  /** A Zendesk ticket worth showing when the URL names none (its external id), or null. */
  sampleTicket: () => Promise<string | null>;
}

/**
 * A Zendesk ticket with the most to show: one flagged for QA and escalated, else escalated,
 * else any open one. The demo prints the preview URL before the first sync ends, so the
 * choice is made when the page is opened.
 */
async function sampleTicket(store: Store, config: Config): Promise<string | null> {
  const zendesk = new Set(config.connections.filter((c) => c.kind === 'zendesk').map((c) => c.id));
  const external = (id: string) =>
    zendesk.has(id.split(':')[0] ?? '') ? id.slice(id.indexOf(':') + 1) : null;
  const flagged = new Set((await store.qaFlags.queue(200)).map((f) => f.ticketId));
  const open = (await store.escalations.listOpen())
    .map((e) => e.ticketId)
    .filter((id) => external(id) !== null);
  // Best: flagged for QA and escalated at some point (sampled tickets are often solved by now).
  for (const id of [...flagged].filter((f) => external(f) !== null)) {
    if ((await store.escalations.latestForTicket(id)) !== null) return external(id);
  }
  const best =
    open.find((id) => flagged.has(id)) ?? open[0] ?? [...flagged].find((id) => external(id) !== null);
  if (best !== undefined) return external(best);
  const [any] = await store.tickets.listByStatus(['open', 'new', 'pending'], null, 50);
  return any === undefined ? null : external(any.id);
}

export function previewDependencies(
  casebridge: { store: Store; config: Config },
  dataDir: string,
): PreviewDependencies {
  let built: Promise<string> | null = null;
  return {
    config: () => casebridge.config,
    appDir: () => {
      built ??= buildAppFolder({ outDir: join(resolve(dataDir), 'zendesk-app'), url: 'http://localhost' });
      return built;
    },
    sampleTicket: () => sampleTicket(casebridge.store, casebridge.config),
  };
}
