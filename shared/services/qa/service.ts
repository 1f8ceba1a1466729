import { randomUUID } from 'node:crypto';
import { QaConfig } from '../../config/sections/qa.js';
import type { QaFlag, Ticket } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import type { QaDispute } from '../../store/repositories/qa-disputes.js';
import type { QaReview, QaReviewEvent } from '../../store/repositories/qa-reviews.js';
import * as calibration from './calibration.js';
import { createScorecardCatalog } from './catalog.js';
import type { QaContext } from './context.js';
import { reportCsv } from './csv.js';
import * as disputes from './disputes.js';
import * as flow from './flow.js';
import type { LoadedScorecards } from './load.js';
import { type QaReport, type QaReportOptions, qaReport } from './report.js';
import * as sampling from './sampling.js';
import type { Scorecard } from './scorecard.js';

export interface QaServiceDeps {
  store: Store;
  /** The `qa:` section (or a getter, so a config reload is seen); absent: the defaults. */
  config?: QaConfig | (() => QaConfig | undefined) | undefined;
  /** Where a relative `qa.scorecards` folder is resolved: the config file's folder. */
  baseDir?: string;
  now?: () => Date;
}

/** The ticket's QA for the sidebar: the checklist to self-check against, its flags and reviews. */
export interface TicketQa {
  scorecard: Scorecard | null;
  flags: QaFlag[];
  reviews: QaReview[];
}

/**
 * QA checklists and scorecards: one object every surface (CLI, Slack bot, sidebar API) calls.
 * It returns plain data — notifications included — and never talks to Slack or a CRM itself.
 */
export function createQaService(deps: QaServiceDeps) {
  const config = (): QaConfig => {
    const given = typeof deps.config === 'function' ? deps.config() : deps.config;
    return given ?? QaConfig.parse({});
  };
  const ctx: QaContext = {
    store: deps.store,
    config,
    catalog: createScorecardCatalog(deps.store, config().scorecards, deps.baseDir ?? process.cwd()),
    now: deps.now ?? (() => new Date()),
    newId: (prefix) => `${prefix}_${randomUUID()}`,
  };
  return {
    /** Loaded scorecards and the files refused (file, path, reason). */
    scorecards: (): LoadedScorecards => ctx.catalog.loaded(),
    reloadScorecards: (): LoadedScorecards => ctx.catalog.reload(),
    applicableScorecard: (ticket: Ticket): Scorecard | null => ctx.catalog.forTicket(ticket),
    async ticketQa(ticketId: string): Promise<TicketQa> {
      const ticket = await deps.store.tickets.get(ticketId);
      const reviews = await deps.store.qaReviews.listForTicket(ticketId);
      return {
        scorecard: ticket === null ? null : ctx.catalog.forTicket(ticket),
        flags: await deps.store.qaFlags.listForTicket(ticketId),
        reviews: reviews.filter((r) => r.kind === 'review'),
      };
    },
    queue: (limit?: number): Promise<QaFlag[]> => deps.store.qaFlags.queue(limit),
    claim: (flagId: string, reviewer: string) => flow.claim(ctx, flagId, reviewer),
    assignNext: () => flow.assignNext(ctx),
    discard: (flagId: string, actor: string) => flow.discard(ctx, flagId, actor),
    reviewForm: (flagId: string) => flow.reviewForm(ctx, flagId),
    submitReview: (input: flow.SubmitReview) => flow.submitReview(ctx, input),
    markNotified: (reviewId: string, channel: string) => flow.markNotified(ctx, reviewId, channel),
    dispute: (input: disputes.OpenDispute) => disputes.dispute(ctx, input),
    resolveDispute: (input: disputes.ResolveDispute) => disputes.resolveDispute(ctx, input),
    async history(reviewId: string): Promise<{ events: QaReviewEvent[]; disputes: QaDispute[] }> {
      return {
        events: await deps.store.qaReviews.history(reviewId),
        disputes: await deps.store.qaDisputes.listForReview(reviewId),
      };
    },
    startCalibration: (input: { ticketId: string; reviewers: string[]; startedBy: string }) =>
      calibration.startCalibration(ctx, input),
    submitCalibration: (input: Parameters<typeof calibration.submitCalibration>[1]) =>
      calibration.submitCalibration(ctx, input),
    closeCalibration: (id: string) => calibration.closeCalibration(ctx, id),
    calibrationResult: (id: string) => calibration.calibrationResult(ctx, id),
    runSampling: (week?: { from: string; to: string }) => sampling.runSampling(ctx, week),
    report: (options: QaReportOptions = {}): Promise<QaReport> => qaReport(ctx, options),
    reportCsv: (options: QaReportOptions = {}): Promise<string> => reportCsv(ctx, options),
  };
}
export type QaService = ReturnType<typeof createQaService>;
