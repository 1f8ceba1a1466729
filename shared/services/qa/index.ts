export type { QaCalibration } from '../../store/repositories/qa-calibrations.js';
export type { QaDispute } from '../../store/repositories/qa-disputes.js';
export type { QaReview, QaReviewEvent } from '../../store/repositories/qa-reviews.js';
export { applies, pickScorecard } from './applicability.js';
export type { CalibrationResult, CategorySpread } from './calibration.js';
export type { OpenDispute, ResolveDispute } from './disputes.js';
export type { ReviewForm, SubmitReview } from './flow.js';
export { type LoadedScorecards, loadScorecards, parseScorecard, type ScorecardProblem } from './load.js';
export type { QaNotification } from './notify.js';
export type { QaReport, QaReportOptions } from './report.js';
export { sampleTickets } from './sampling.js';
export {
  SCALE_RANGE,
  SCALES,
  type Scale,
  type Scorecard,
  type ScorecardCategory,
  type ScorecardDefinition,
} from './scorecard.js';
export {
  categoryScore,
  iqs,
  type Rating,
  type Ratings,
  ratingProblems,
  round2,
  scoreReview,
} from './scoring.js';
export { createQaService, type QaService, type QaServiceDeps, type TicketQa } from './service.js';
