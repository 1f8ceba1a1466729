import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConnectionConfig } from '../../../shared/config/index.js';
import {
  QA_CATEGORIES,
  QA_FLAG_REASON_MAX,
  QA_SEVERITIES,
  type Ticket,
} from '../../../shared/domain/index.js';
import { connectionFor, resolveTicket, type SidebarContext } from '../../zendesk-sidebar/server/context.js';
import { historyPage } from '../../zendesk-sidebar/server/history.js';
import { JwtError, subdomainOf, verifyJwt } from '../../zendesk-sidebar/server/jwt.js';
import { customerPeople, historyView, sidebarPayload } from '../../zendesk-sidebar/server/payload.js';
import { type Agent, allowedActions, effectiveRole } from '../../zendesk-sidebar/server/permissions.js';
import { flagForQa } from '../../zendesk-sidebar/server/qa-flags.js';
import { recordUse, sopDetail } from '../../zendesk-sidebar/server/sops.js';
import type { SidebarAction } from '../../zendesk-sidebar/src/api-types.js';
import type { ServerDependencies } from '../server.js';

const ZendeskTicketId = z.string().regex(/^\d{1,20}$/, 'expected a Zendesk ticket id');
const TicketParams = z.object({ ticketId: ZendeskTicketId });
/** SOP ids as the front matter allows them (`shared/services/sop/front-matter.ts`). */
const SopParams = z.object({
  sopId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected an SOP id (lowercase letters, digits, ".", "-", "_")'),
});
const SopUsedBody = z.strictObject({ ticketId: ZendeskTicketId });
/** The same choices and limits as a flag raised in Slack. */
const QaFlagBody = z.strictObject({
  ticketId: ZendeskTicketId,
  reason: z
    .string()
    .trim()
    .min(1, 'say why the ticket needs a QA review')
    .max(QA_FLAG_REASON_MAX, `keep the reason under ${QA_FLAG_REASON_MAX} characters`),
  category: z.enum(QA_CATEGORIES).optional(),
  severity: z.enum(QA_SEVERITIES).optional(),
});
const HistoryQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
const EscalateBody = z.object({
  level: z.union([z.number().int().min(1), z.string().min(1).max(100)]),
  reason: z.string().trim().min(1, 'say why').max(2000),
});
const ResolveBody = z.object({ note: z.string().max(2000).optional() }).default({});

interface Caller {
  connection: ConnectionConfig;
  agent: Agent;
}
const callers = new WeakMap<FastifyRequest, Caller>();

const deny = (reply: FastifyReply, code: string, message: string) =>
  reply.code(401).send({ error: { code, message } });

/** End users get the read-only views at most: recording anything on a ticket is an agent's act. */
const refuseEndUser = (reply: FastifyReply, agent: Agent, what: string) =>
  reply
    .code(403)
    .send({ error: { code: 'forbidden', message: `${agent.actor} (role ${agent.role}) may not ${what}` } });

/** Verifies the Zendesk-signed JWT and finds the account's connection; anything else is a 401. */
function authenticate(ctx: SidebarContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const app = ctx.config().zendeskApp;
    if (app === undefined)
      return deny(
        reply,
        'sidebar_disabled',
        'the sidebar API is off: set zendeskApp.sharedSecret in the config',
      );
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer '))
      return deny(reply, 'unauthorized', 'send the Zendesk-signed JWT as Authorization: Bearer <token>');
    try {
      const claims = verifyJwt(header.slice(7).trim(), {
        secret: app.sharedSecret,
        issuer: app.issuer,
        audience: app.audience,
        clockToleranceSeconds: app.clockToleranceSeconds,
        maxLifetimeSeconds: app.maxTokenLifetimeSeconds,
        now: () => ctx.now().getTime(),
      });
      const connection = connectionFor(ctx.config(), subdomainOf(claims));
      if (connection === null)
        return deny(reply, 'unknown_account', `no zendesk connection has subdomain ${subdomainOf(claims)}`);
      const email = claims.email ?? null;
      const known = email === null ? [] : await ctx.store.people.findByEmail(email.toLowerCase());
      const role = effectiveRole(claims.role, known.find((p) => p.source === connection.id) ?? null);
      callers.set(request, { connection, agent: { actor: `zendesk:${email ?? claims.sub}`, email, role } });
    } catch (error) {
      if (error instanceof JwtError) return deny(reply, 'unauthorized', error.message);
      throw error;
    }
  };
}

/**
 * `/api/sidebar/*`: what the Zendesk sidebar app shows and does. Every request carries a JWT
 * Zendesk signed with the app's secure `sharedSecret`; actions go through the escalation
 * service (audited, written back to the CRM) and are refused unless the agent's role allows them.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  const ctx = deps.sidebar;
  if (ctx === undefined) return;
  const caller = (request: FastifyRequest): Caller => callers.get(request) as Caller;
  const ticketOf = async (request: FastifyRequest) => {
    const { ticketId } = TicketParams.parse(request.params);
    return resolveTicket(ctx, caller(request).connection, ticketId);
  };
  const payload = async (request: FastifyRequest, ticket: Ticket, fetched: boolean) =>
    sidebarPayload(ctx, ticket, caller(request).agent, fetched);

  const act =
    (action: SidebarAction, run: (ticket: Ticket, agent: Agent, body: unknown) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { ticket } = await ticketOf(request);
      const { agent } = caller(request);
      const latest = (await ctx.services.escalations.forTicket(ticket.id)).escalation;
      const permissions = ctx.config().zendeskApp?.permissions;
      if (permissions === undefined || !allowedActions(permissions, agent, latest).includes(action)) {
        return reply.code(403).send({
          error: {
            code: 'forbidden',
            message: `${agent.actor} (role ${agent.role}) may not ${action} this ticket now`,
          },
        });
      }
      await run(ticket, agent, request.body ?? {});
      return payload(request, ticket, false);
    };

  app.register(async (scope) => {
    scope.addHook('onRequest', authenticate(ctx));
    registerSops(scope, ctx, caller);
    registerQaFlags(scope, ctx, caller);
    scope.get('/api/sidebar/tickets/:ticketId', async (request) => {
      const { ticket, fetchedOnDemand } = await ticketOf(request);
      return payload(request, ticket, fetchedOnDemand);
    });
    scope.get('/api/sidebar/tickets/:ticketId/history', async (request) => {
      const { ticket } = await ticketOf(request);
      const { cursor, limit } = HistoryQuery.parse(request.query);
      const ids = (await customerPeople(ctx, ticket)).map((p) => p.id);
      const page = await historyPage(ctx.store, ids, limit, cursor ?? null);
      return { tickets: page.tickets.map(historyView), nextCursor: page.nextCursor };
    });
    scope.post(
      '/api/sidebar/tickets/:ticketId/escalate',
      act('escalate', async (ticket, agent, body) => {
        const { level, reason } = EscalateBody.parse(body);
        await ctx.services.escalations.escalate(ticket.id, { level, reason, actor: agent.actor });
      }),
    );
    scope.post(
      '/api/sidebar/tickets/:ticketId/acknowledge',
      act('acknowledge', async (ticket, agent) => {
        await ctx.services.escalations.acknowledge(ticket.id, agent.actor);
      }),
    );
    scope.post(
      '/api/sidebar/tickets/:ticketId/resolve',
      act('resolve', async (ticket, agent, body) => {
        const { note } = ResolveBody.parse(body);
        await ctx.services.escalations.resolve(ticket.id, {
          actor: agent.actor,
          ...(note !== undefined && { note }),
        });
      }),
    );
  });
}

/**
 * `/api/sidebar/sops/*`: an SOP opened from the SOP panel, and "Used this SOP". Recording a use
 * is an agent's act on a ticket: end users are refused, as they are every escalation action;
 * the use is recorded and audited as the agent the JWT names, never as anyone the body names.
 */
function registerSops(scope: FastifyInstance, ctx: SidebarContext, caller: (r: FastifyRequest) => Caller) {
  scope.get('/api/sidebar/sops/:sopId', async (request) => {
    const { sopId } = SopParams.parse(request.params);
    return sopDetail(ctx, sopId);
  });
  scope.post('/api/sidebar/sops/:sopId/used', async (request, reply) => {
    const { sopId } = SopParams.parse(request.params);
    const { ticketId } = SopUsedBody.parse(request.body ?? {});
    const { connection, agent } = caller(request);
    if (agent.role === 'end_user') return refuseEndUser(reply, agent, 'record SOP use');
    const { ticket } = await resolveTicket(ctx, connection, ticketId);
    return recordUse(ctx, sopId, ticket, agent);
  });
}

/**
 * `POST /api/sidebar/qa/flags`: "Flag for QA review". The flag is queued as the agent the JWT
 * names (the body names only the ticket and why); end users are refused, and an agent whose
 * earlier flag on the ticket is still in the queue gets a 409 rather than a duplicate.
 */
function registerQaFlags(scope: FastifyInstance, ctx: SidebarContext, caller: (r: FastifyRequest) => Caller) {
  scope.post('/api/sidebar/qa/flags', async (request, reply) => {
    const { ticketId, reason, category, severity } = QaFlagBody.parse(request.body ?? {});
    const { connection, agent } = caller(request);
    if (agent.role === 'end_user') return refuseEndUser(reply, agent, 'flag tickets for QA review');
    const { ticket } = await resolveTicket(ctx, connection, ticketId);
    const outcome = await flagForQa(ctx, ticket, agent, {
      reason,
      category: category ?? null,
      severity: severity ?? null,
    });
    if ('alreadyOpen' in outcome)
      return reply.code(409).send({ error: { code: 'qa.flag_open', message: outcome.alreadyOpen } });
    return reply.code(201).send(outcome.flagged);
  });
}
