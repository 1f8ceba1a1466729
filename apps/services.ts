import type { Config, ConnectionConfig } from '../shared/config/index.js';
import type { Ticket } from '../shared/domain/index.js';
import type { Logger } from '../shared/log/logger.js';
import { type CustomerHistory, customerHistory } from '../shared/services/customers/history.js';
import {
  createEscalationService,
  type EscalationService,
  type EscalationWriteBack,
} from '../shared/services/escalation/service.js';
import { createQaService, type QaService } from '../shared/services/qa/index.js';
import type { SlaToday } from '../shared/services/sla/index.js';
import { type SlaStatusOptions, slaStatusToday } from '../shared/services/sla/status.js';
import type { Store } from '../shared/store/index.js';
import type { ConnectorActions, ConnectorDefinition } from '../shared/sync/contract.js';

/** The services every surface (CLI, Slack bot, sidebar API) calls; none reaches a CRM directly. */
export interface Services {
  slaToday(options?: SlaStatusOptions): Promise<SlaToday>;
  escalations: EscalationService;
  customer(query: string): Promise<CustomerHistory>;
  /** The write-back actions for a ticket's CRM connection, or null when it has none. */
  actionsFor(ticket: Ticket): ConnectorActions | null;
  /** QA scorecards, reviews, disputes, calibration and sampling (`shared/services/qa`). */
  qa: QaService;
}

export interface ServicesDeps {
  store: Store;
  /** Where relative folders in the config (scorecards) resolve: the config file's folder (default: cwd). */
  baseDir?: string;
  log: Logger;
  config: () => Config;
  connection(id: string): ConnectionConfig;
  connectorFor(connection: ConnectionConfig): ConnectorDefinition<never>;
}

export function createServices(deps: ServicesDeps): Services {
  const actionsFor = (ticket: Ticket): ConnectorActions | null => {
    const connection = deps.config().connections.find((c) => c.id === ticket.source);
    if (connection === undefined) return null;
    const connector = deps.connectorFor(connection);
    const state = {
      get: (key: string) => deps.store.connectorState.get(connection.id, key),
      set: (key: string, value: unknown) => deps.store.connectorState.set(connection.id, key, value),
    };
    // The registry erases connection types; the config loader validated this one against the connector's schema.
    return connector.actions?.(connection as never, { log: deps.log, state }) ?? null;
  };

  /** Opening or raising an escalation marks the ticket escalated in its CRM, audited. */
  const writeBack: EscalationWriteBack = async (ticket, escalation, event) => {
    if (event.type !== 'opened' && event.type !== 'raised') return;
    const actions = actionsFor(ticket);
    if (actions === null) return;
    const note = `Escalated to level ${escalation.level} by ${event.actor} via casebridge: ${escalation.reasons.join('; ')}`;
    await actions.markEscalated(ticket.externalId, escalation.level, note);
    await deps.store.auditLog.record({
      actor: event.actor,
      action: 'crm.markEscalated',
      target: ticket.id,
      details: { level: escalation.level },
    });
  };

  return {
    slaToday: (options) => slaStatusToday(deps.store, deps.config().sla, options),
    escalations: createEscalationService({
      store: deps.store,
      config: () => deps.config().escalation,
      log: deps.log,
      writeBack,
    }),
    customer: (query) => customerHistory(deps.store, query),
    actionsFor,
    qa: createQaService({
      store: deps.store,
      config: () => deps.config().qa,
      baseDir: deps.baseDir ?? process.cwd(),
    }),
  };
}
