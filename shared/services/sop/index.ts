/** The SOP library: the one entry point for the CLI, the Slack bot and the sidebar API. */

export type { IndexedSop, IndexedSopWithBody } from '../../store/repositories/sops.js';
export type { Effect, OutcomeMetrics, QaScoreLookup } from './effect.js';
export { FrontMatterError, parseFrontMatter, SopFrontMatter, SopRule } from './front-matter.js';
export { markdownToPlainText, parseMarkdown, safeUrl, sopSteps } from './markdown.js';
export { parseQuery, type SnippetRun } from './query.js';
export { type ReindexResult, reindexSops } from './reindex.js';
export { escapeHtml, renderSopForSlack, renderSopHtml } from './render.js';
export { type SopReport, type SopReportEntry, type SopReportOptions, sopReport } from './report.js';
export {
  type SearchOptions,
  type SopHit,
  searchSops,
  snippetToHtml,
  snippetToSlack,
  snippetToText,
} from './search.js';
export {
  describeLoadError,
  loadSopFolder,
  MAX_SOP_BYTES,
  type SopDocument,
  type SopLoadError,
} from './source.js';
export { byOwner, isStale, reviewDueAt, type StaleSop, staleSops } from './stale.js';
export { matchRules, type SopSuggestion, type SuggestTicket, suggestSops } from './suggest.js';
export { recordSopUse, type SopUseInput, type VerifyInput, verifySop } from './usage.js';
