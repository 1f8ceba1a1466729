import { z } from 'zod';
import { Channel, TicketPriority } from '../../domain/ticket.js';

/**
 * A scorecard as written in a YAML file: categories with a weight, a rating scale, N/A allowed
 * or not, a critical (auto-fail) flag and the checklist items that explain what the category
 * means; plus the rules saying which tickets it applies to. See `scorecards/` for examples.
 */

export const SCALES = ['binary', '3-point', '4-point', '5-point'] as const;
export type Scale = (typeof SCALES)[number];

/** Ratings a reviewer may select: binary is fail (0) / pass (1); the others run 1..N. */
export const SCALE_RANGE: Record<Scale, { min: number; max: number }> = {
  binary: { min: 0, max: 1 },
  '3-point': { min: 1, max: 3 },
  '4-point': { min: 1, max: 4 },
  '5-point': { min: 1, max: 5 },
};

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _ (e.g. "active-listening")');

const ChecklistItem = z.strictObject({
  id: Id,
  text: z.string().min(1, 'say what the reviewer checks'),
});

const Category = z.strictObject({
  id: Id,
  name: z.string().min(1),
  description: z.string().optional(),
  weight: z.number().int('weights are whole numbers').min(0).max(100),
  scale: z.enum(SCALES, { error: () => `unknown scale (use one of: ${SCALES.join(', ')})` }),
  naAllowed: z.boolean().default(false),
  critical: z.boolean().default(false),
  checklist: z.array(ChecklistItem).min(1, 'list at least one checklist item explaining the category'),
});
export type ScorecardCategory = z.output<typeof Category>;

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** Every key is a ticket field; a rule on anything else is refused, naming the key. */
export const APPLICABILITY_FIELDS = [
  'channel',
  'tags',
  'tagsNone',
  'group',
  'priority',
  'connection',
] as const;

const AppliesTo = z.strictObject(
  {
    channel: oneOrMany(Channel).optional().describe('Any of these channels'),
    tags: oneOrMany(z.string().min(1)).optional().describe('At least one of these tags'),
    tagsNone: oneOrMany(z.string().min(1)).optional().describe('None of these tags'),
    group: oneOrMany(z.string().min(1)).optional().describe('Any of these group record ids'),
    priority: oneOrMany(TicketPriority).optional(),
    connection: oneOrMany(z.string().min(1)).optional().describe('Any of these connection ids'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown applicability field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${APPLICABILITY_FIELDS.join(', ')})`
        : undefined,
  },
);
export type AppliesTo = z.output<typeof AppliesTo>;

export const ScorecardDefinition = z
  .strictObject({
    id: Id,
    name: z.string().min(1),
    description: z.string().optional(),
    /** When several scorecards apply to a ticket, the highest precedence wins (then the most specific). */
    precedence: z.number().int().default(0),
    appliesTo: AppliesTo.default({}),
    categories: z.array(Category).min(1, 'a scorecard needs at least one category'),
  })
  .superRefine((card, ctx) => {
    const seen = new Map<string, number>();
    card.categories.forEach((category, i) => {
      const first = seen.get(category.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['categories', i, 'id'],
          message: `duplicate category id "${category.id}" (also categories[${first}])`,
        });
      else seen.set(category.id, i);
      const items = new Set<string>();
      category.checklist.forEach((item, j) => {
        if (items.has(item.id))
          ctx.addIssue({
            code: 'custom',
            path: ['categories', i, 'checklist', j, 'id'],
            message: `duplicate checklist item id "${item.id}"`,
          });
        items.add(item.id);
      });
    });
    if (card.categories.every((c) => c.weight === 0))
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: 'every category has weight 0: no review could ever be scored (give at least one a weight)',
      });
  });
export type ScorecardDefinition = z.output<typeof ScorecardDefinition>;

/** A scorecard pinned to one version: reviews store `version` and keep it when the file changes. */
export interface Scorecard {
  /** `<id>@<hash>`: what a review references. */
  versionId: string;
  id: string;
  /** First 12 hex digits of the SHA-256 of the normalised definition. */
  version: string;
  file: string;
  definition: ScorecardDefinition;
}
