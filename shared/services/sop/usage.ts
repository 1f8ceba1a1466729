import { z } from 'zod';
import { CasebridgeError } from '../../errors.js';
import type { Store } from '../../store/index.js';

const noNul = (s: string) => !s.includes('\0');
const Actor = z.string().trim().min(1, 'say who').max(200).refine(noNul, 'contains a NUL character');

export const SopUseInput = z.object({
  sopId: z.string().min(1).refine(noNul),
  ticketId: z.string().min(1).refine(noNul),
  by: Actor,
  at: z.iso.datetime().optional(),
});
export type SopUseInput = z.input<typeof SopUseInput>;

async function requireSop(store: Store, id: string) {
  const sop = await store.sops.get(id);
  if (sop === null)
    throw new CasebridgeError('sop.unknown', `there is no SOP "${id}"`, {
      hint: 'run `casebridge sop search` to find its id, or `casebridge sop reindex` if the file is new',
    });
  return sop;
}

/** "Used this SOP" on a ticket; pressing it twice records it once (`recorded: false`). */
export async function recordSopUse(store: Store, input: SopUseInput): Promise<{ recorded: boolean }> {
  const use = SopUseInput.parse(input);
  await requireSop(store, use.sopId);
  const recorded = await store.sops.addUsage({ ...use, at: use.at ?? new Date().toISOString() });
  return { recorded };
}

export const VerifyInput = z.object({
  by: Actor,
  at: z.iso.datetime().optional(),
  note: z.string().max(2000).refine(noNul, 'contains a NUL character').optional(),
});
export type VerifyInput = z.input<typeof VerifyInput>;

/** Records that an owner re-checked the SOP: it stops being stale for another review interval. */
export async function verifySop(
  store: Store,
  id: string,
  input: VerifyInput,
): Promise<{ id: string; verifiedAt: string; nextReviewAt: string }> {
  const v = VerifyInput.parse(input);
  const sop = await requireSop(store, z.string().min(1).refine(noNul, 'not an SOP id').parse(id));
  const at = v.at ?? new Date().toISOString();
  await store.transaction(async (tx) => {
    await tx.sops.addVerification({ sopId: id, by: v.by, at, version: sop.version, note: v.note ?? null });
    if (sop.lastVerified === null || sop.lastVerified < at) await tx.sops.setLastVerified(id, at);
  });
  const next = new Date(Date.parse(at) + sop.reviewIntervalDays * 86_400_000).toISOString();
  return { id, verifiedAt: at, nextReviewAt: next };
}
