import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { ConnectionConfig } from '../../shared/config/index.js';
import type { Logger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import type { WebhookRequest } from '../../shared/sync/contract.js';
import type { Casebridge } from '../composition-root.js';
import type { SidebarContext } from '../zendesk-sidebar/server/context.js';
import { registerErrorHandling } from './errors.js';
import * as admin from './routes/admin.js';
import * as health from './routes/health.js';
import * as metrics from './routes/metrics.js';
import * as sidebar from './routes/sidebar.js';
import * as slack from './routes/slack.js';
import * as webhooks from './routes/webhooks.js';
import type { PreviewDependencies } from './routes/zendesk-app-preview.js';
import * as zendeskAppPreview from './routes/zendesk-app-preview.js';

/** Whether the server may take traffic; false while migrations run, with the reason. */
export interface Readiness {
  ready: boolean;
  reason: string;
}

/** What the admin API needs; absent in tests of the bare server. */
export interface AdminDependencies {
  casebridge: Casebridge;
  /** Read at each request, so a config reload that changes the token takes effect. */
  token(): string | undefined;
  /** Starts (or enqueues) a run in the background. */
  triggerRun(jobId: string, full: boolean): Promise<void>;
}

/** What the webhook route needs: connections that take webhooks, their jobs, and a way to sync now. */
export interface WebhookDependencies {
  connections(): {
    connection: ConnectionConfig;
    verify: (request: WebhookRequest) => { ok: true } | { ok: false; message: string };
  }[];
  jobsOf(connectionId: string): string[];
  trigger(jobId: string): Promise<void>;
}

export interface ServerDependencies {
  /** A getter: the store exists only once migrations are done. */
  store: () => Store;
  metrics: Registry;
  log: Logger;
  readiness: Readiness;
  admin?: AdminDependencies;
  webhooks?: WebhookDependencies;
  /** The Zendesk sidebar API; absent, `/api/sidebar/*` is not served. */
  sidebar?: SidebarContext;
  /** The sidebar preview page (demo only: it signs JWTs for anyone who opens it). */
  preview?: PreviewDependencies;
  /** The Slack bot; absent, `POST /slack/events` is not served. */
  slack?: slack.SlackDependencies;
}

export function buildServer(deps: ServerDependencies): FastifyInstance {
  collectDefaultMetrics({ register: deps.metrics, prefix: 'casebridge_' });
  const loggerInstance: FastifyBaseLogger = deps.log.child({ component: 'http' });
  const app: FastifyInstance = Fastify({ loggerInstance });
  registerErrorHandling(app);
  for (const routes of [health, metrics, admin, webhooks, sidebar, zendeskAppPreview, slack])
    routes.register(app, deps);
  return app;
}
