import type { ConnectorSandbox } from '../../../shared/sync/index.js';
import { SANDBOX_CREDENTIALS, startZendeskSandbox, type ZendeskSandboxOptions } from './server.js';

export { ARTICLE_BASE_ID, ARTICLES_PAGE_SIZE, type ArticleChange, SandboxArticles } from './articles.js';
export type { Fault, FaultPlan } from './faults.js';
export type { RunningZendeskSandbox, SandboxRequestRecord, ZendeskSandboxOptions } from './server.js';
export { earlyRequests, SANDBOX_CREDENTIALS, startZendeskSandbox } from './server.js';

/** A connection (without `id` and `kind`) pointing at a running sandbox, within its default limits. */
export function sandboxConnection(url: string): Record<string, unknown> {
  return {
    subdomain: 'casebridge-sandbox',
    baseUrl: url,
    auth: { ...SANDBOX_CREDENTIALS.admin },
    requestsPerMinute: 600,
    exportRequestsPerMinute: 90,
    // The demo imports the sandbox's Guide articles as SOPs (real connections only when a job lists `knowledge`).
    knowledge: { defaultOwner: 'kb-team@casebridge-sandbox.example' },
  };
}

export const zendeskSandbox: ConnectorSandbox = {
  start: (options?: ZendeskSandboxOptions) => startZendeskSandbox(options),
  connection: sandboxConnection,
};
