import type { Ticket } from '../../../shared/domain/index.js';
import { CasebridgeError } from '../../../shared/errors.js';
import {
  type IndexedSop,
  isStale,
  recordSopUse,
  renderSopHtml,
  reviewDueAt,
  type SopSuggestion,
  sopSteps,
  suggestSops,
} from '../../../shared/services/sop/index.js';
import type { SidebarSopDetail, SidebarSopSuggestion, SidebarSopUse } from '../src/api-types.js';
import type { SidebarContext } from './context.js';
import type { Agent } from './permissions.js';

/** Enough to choose from in a narrow sidebar; more is noise. */
const SUGGESTIONS = 5;

function sopSummary(sop: IndexedSop, stale: boolean) {
  return { id: sop.id, title: sop.title, owner: sop.owner, version: sop.version, stale };
}

function suggestionView(s: SopSuggestion, usedAt: string | null): SidebarSopSuggestion {
  return {
    ...sopSummary(s.sop, s.stale),
    reasons: s.reasons,
    snippet: s.snippet.map((run) => ({ text: run.text, match: run.match })),
    usedAt,
  };
}

/**
 * SOPs for the ticket (rules plus text relevance), each saying why and whether it was used on
 * this ticket; SOPs used here that are no longer suggested follow, so a recorded use never
 * disappears from the panel when the ticket's text changes.
 */
export async function sopsOf(ctx: SidebarContext, ticket: Ticket): Promise<SidebarSopSuggestion[]> {
  const now = ctx.now();
  const [suggestions, uses] = await Promise.all([
    suggestSops(ctx.store, ticket, { limit: SUGGESTIONS, now }),
    ctx.store.sops.usagesForTickets([ticket.id]),
  ]);
  const usedAt = new Map(uses.map((u) => [u.sopId, u.usedAt]));
  const shown = suggestions.map((s) => suggestionView(s, usedAt.get(s.sop.id) ?? null));
  const suggested = new Set(shown.map((s) => s.id));
  const usedOnly = uses.filter((u) => !suggested.has(u.sopId)).map((u) => u.sopId);
  const extra = await ctx.store.sops.getMany(usedOnly);
  return [
    ...shown,
    ...extra.map((sop) => ({
      ...sopSummary(sop, isStale(sop, now)),
      reasons: [],
      snippet: [],
      usedAt: usedAt.get(sop.id) ?? null,
    })),
  ];
}

function unknownSop(id: string): CasebridgeError {
  return new CasebridgeError('sop.unknown', `there is no SOP "${id}" in casebridge`, {
    hint: 'it may have been removed or renamed since the sidebar loaded: reload the ticket',
  });
}

/** One SOP opened in the sidebar: its body as sanitised HTML and its steps as a checklist. */
export async function sopDetail(ctx: SidebarContext, id: string): Promise<SidebarSopDetail> {
  const sop = await ctx.store.sops.get(id);
  if (sop === null) throw unknownSop(id);
  const due = reviewDueAt(sop);
  return {
    ...sopSummary(sop, isStale(sop, ctx.now())),
    lastVerified: sop.lastVerified,
    reviewDueAt: due === null ? null : due.toISOString(),
    html: renderSopHtml(sop.body),
    steps: sopSteps(sop.body),
  };
}

/**
 * "Used this SOP": recorded once per ticket and SOP (a second press, by anyone, records nothing
 * and says when it was recorded), audited as the agent the JWT names.
 */
export async function recordUse(
  ctx: SidebarContext,
  sopId: string,
  ticket: Ticket,
  agent: Agent,
): Promise<SidebarSopUse> {
  if ((await ctx.store.sops.get(sopId)) === null) throw unknownSop(sopId);
  const at = ctx.now().toISOString();
  const { recorded } = await recordSopUse(ctx.store, { sopId, ticketId: ticket.id, by: agent.actor, at });
  if (recorded)
    await ctx.store.auditLog.record({
      actor: agent.actor,
      action: 'sop.used',
      target: ticket.id,
      details: { sopId },
      at,
    });
  const use = (await ctx.store.sops.usagesForTickets([ticket.id])).find((u) => u.sopId === sopId);
  const usedAt = use?.usedAt ?? at;
  return {
    sopId,
    ticketId: ticket.id,
    recorded,
    usedAt,
    message: recorded
      ? `recorded: ${sopId} used on ticket ${ticket.number}`
      : `already recorded: ${sopId} was marked used on ticket ${ticket.number} at ${usedAt}`,
  };
}
