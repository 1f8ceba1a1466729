import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { Channel, TicketPriority } from '../../domain/index.js';

const list = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/**
 * When an SOP applies to a ticket. Within one rule every given condition must hold; `tags` and
 * `keywords` together mean "any of these tags or any of these keywords". A list of rules matches
 * when any rule does.
 */
export const SopRule = z.strictObject({
  tags: list(z.string().min(1)).optional(),
  keywords: list(z.string().min(1)).optional(),
  channel: list(Channel).optional(),
  priority: list(TicketPriority).optional(),
  group: list(z.string().min(1)).optional(),
});
export type SopRule = z.output<typeof SopRule>;

const IsoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)),
    'expected a date like 2025-03-01',
  );

export const SopFrontMatter = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'use lowercase letters, digits, ".", "-" and "_"'),
  title: z.string().trim().min(1).max(200),
  tags: z.array(z.string().min(1)).default([]),
  appliesTo: z
    .union([SopRule, z.array(SopRule)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  owner: z.string().trim().min(1, 'name who keeps this SOP current'),
  version: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .default('1'),
  reviewIntervalDays: z.number().int().min(1).max(3650).default(90),
  lastVerified: IsoDate.nullable().default(null),
});
export type SopFrontMatter = z.output<typeof SopFrontMatter>;

export class FrontMatterError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'FrontMatterError';
    this.line = line;
  }
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*$/m;

/** Splits `---\nyaml\n---\nbody`; lines in errors are lines of the whole file (1-based). */
export function parseFrontMatter(text: string): { meta: SopFrontMatter; body: string } {
  const open = OPEN.exec(text);
  if (open === null) throw new FrontMatterError(1, 'the file must start with a front matter block (`---`)');
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (close === null)
    throw new FrontMatterError(1, 'the front matter block opened on line 1 is never closed with `---`');
  const yamlText = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  return { meta: validate(yamlText), body };
}

function validate(yamlText: string): SopFrontMatter {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false });
  // The YAML starts on line 2 of the file (after the opening `---`).
  const lineAt = (offset: number) => lines.linePos(offset).line + 1;
  const first = doc.errors[0];
  if (first !== undefined) {
    throw new FrontMatterError(
      lineAt(first.pos[0]),
      `front matter is not valid YAML: ${first.message.split('\n')[0]}`,
    );
  }
  if (!isMap(doc.contents))
    throw new FrontMatterError(2, 'front matter must be a mapping of keys (id:, title:, owner: …)');
  const result = SopFrontMatter.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  const node = findNode(doc, path);
  const range = node?.range;
  const line = range === undefined || range === null ? 2 : lineAt(range[0]);
  const where = path.length === 0 ? '' : `${path.join('.')}: `;
  throw new FrontMatterError(line, `${where}${issue?.message ?? 'invalid front matter'}`);
}

/** The deepest node along `path` that exists, so a missing key points at its parent. */
function findNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node !== null && typeof node === 'object' && 'range' in node)
      return node as { range?: [number, number, number] | null };
  }
  return undefined;
}
