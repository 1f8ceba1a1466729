import { isAbsolute, resolve } from 'node:path';
import type { Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import { pickScorecard } from './applicability.js';
import { qaError } from './errors.js';
import { type LoadedScorecards, loadScorecards } from './load.js';
import { type Scorecard, ScorecardDefinition } from './scorecard.js';

/**
 * The scorecards on disk (loaded once, reloaded on demand) and every version ever used, from the
 * store: a review always reads the definition it was scored against, not today's file.
 */
export interface ScorecardCatalog {
  loaded(): LoadedScorecards;
  reload(): LoadedScorecards;
  forTicket(ticket: Ticket): Scorecard | null;
  /** The version a review or calibration pins; registered in the store on first use. */
  pin(store: Pick<Store, 'qaScorecards'>, scorecard: Scorecard, at: string): Promise<void>;
  definition(versionId: string): Promise<ScorecardDefinition>;
}

export function createScorecardCatalog(store: Store, folder: string, baseDir: string): ScorecardCatalog {
  const path = isAbsolute(folder) ? folder : resolve(baseDir, folder);
  let current: LoadedScorecards | null = null;
  const cache = new Map<string, ScorecardDefinition>();
  const catalog: ScorecardCatalog = {
    loaded: () => {
      current ??= loadScorecards(path);
      return current;
    },
    reload: () => {
      current = loadScorecards(path);
      return current;
    },
    forTicket: (ticket) => pickScorecard(catalog.loaded().scorecards, ticket),
    async pin(tx, scorecard, at) {
      await tx.qaScorecards.register({
        versionId: scorecard.versionId,
        scorecardId: scorecard.id,
        version: scorecard.version,
        name: scorecard.definition.name,
        file: scorecard.file,
        definition: scorecard.definition,
        firstSeenAt: at,
      });
    },
    async definition(versionId) {
      const cached = cache.get(versionId);
      if (cached !== undefined) return cached;
      const onDisk = catalog.loaded().scorecards.find((s) => s.versionId === versionId);
      const stored = onDisk === undefined ? await store.qaScorecards.get(versionId) : null;
      if (onDisk === undefined && stored === null)
        throw qaError('scorecard.unknown', `scorecard version ${versionId} is not known`);
      // Stored definitions were validated when loaded; parsing again restores defaults and types.
      const definition = onDisk?.definition ?? ScorecardDefinition.parse(stored?.definition);
      cache.set(versionId, definition);
      return definition;
    },
  };
  return catalog;
}
