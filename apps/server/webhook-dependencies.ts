import type { Casebridge } from '../composition-root.js';
import type { WebhookDependencies } from './server.js';

/** The webhook route's view of casebridge: connections whose connector verifies webhooks, and their jobs. */
export function webhookDependencies(
  casebridge: Casebridge,
  trigger: (jobId: string) => Promise<void>,
): WebhookDependencies {
  return {
    connections: () =>
      casebridge.config.connections.flatMap((connection) => {
        const webhooks = casebridge.connectorFor(connection).webhooks;
        // The registry erases connection types; the config loader validated this one for its connector.
        return webhooks === undefined
          ? []
          : [{ connection, verify: (request) => webhooks.verify(connection as never, request) }];
      }),
    jobsOf: (connectionId) =>
      casebridge.config.jobs.filter((j) => j.connection === connectionId && j.enabled).map((j) => j.id),
    trigger,
  };
}
