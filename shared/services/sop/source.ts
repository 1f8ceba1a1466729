import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FrontMatterError, parseFrontMatter, type SopFrontMatter } from './front-matter.js';
import { markdownToPlainText } from './markdown.js';

/** A file bigger than this is not a procedure anyone reads; it is refused, not truncated. */
export const MAX_SOP_BYTES = 256 * 1024;

export interface SopFile {
  /** Relative to the SOP folder, with `/` separators. */
  path: string;
  bytes: Buffer;
  hash: string;
}

export interface SopDocument extends SopFrontMatter {
  path: string;
  hash: string;
  body: string;
  /** The body without markup: what is indexed and quoted in snippets. */
  plainText: string;
}

export interface SopLoadError {
  path: string;
  line: number | null;
  message: string;
}

/** Every `.md` file under `folder` (recursively), except README files and dot-folders. */
export function listSopFiles(folder: string): SopFile[] {
  const files: SopFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) {
        const bytes =
          statSync(full).size > MAX_SOP_BYTES ? Buffer.alloc(MAX_SOP_BYTES + 1) : readFileSync(full);
        files.push({ path: relative(folder, full).split(sep).join('/'), bytes, hash: hashOf(bytes) });
      }
    }
  };
  walk(folder);
  return files;
}

export function hashOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Parses one file; a problem is returned with the file and line, never thrown. */
export function parseSopFile(file: SopFile): SopDocument | SopLoadError {
  if (file.bytes.length > MAX_SOP_BYTES)
    return {
      path: file.path,
      line: null,
      message: `file is larger than ${MAX_SOP_BYTES / 1024} KB; split the procedure`,
    };
  const text = decodeText(file.bytes);
  if (text === null)
    return { path: file.path, line: null, message: 'file is binary or not UTF-8 text; SOPs are Markdown' };
  try {
    const { meta, body } = parseFrontMatter(text.replace(/^\uFEFF/, ''));
    return { ...meta, path: file.path, hash: file.hash, body, plainText: markdownToPlainText(body) };
  } catch (error) {
    if (error instanceof FrontMatterError)
      return { path: file.path, line: error.line, message: error.message };
    throw error;
  }
}

function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function isLoadError(result: SopDocument | SopLoadError): result is SopLoadError {
  return 'line' in result && !('id' in result);
}

export function describeLoadError(error: SopLoadError): string {
  return `${error.path}${error.line === null ? '' : `:${error.line}`}: ${error.message}`;
}

/** A second file claiming an id: refused, naming the file that keeps it (line 2 is front matter's `id`). */
export function duplicateIdError(path: string, id: string, owner: string): SopLoadError {
  return { path, line: 2, message: `duplicate id "${id}" (already used by ${owner})` };
}

/**
 * Loads a whole folder: every good SOP, and a reason for every file refused (malformed front
 * matter, too big, binary, or an id another file already uses — the first file by path keeps it).
 */
export function loadSopFolder(folder: string): { sops: SopDocument[]; errors: SopLoadError[] } {
  const sops: SopDocument[] = [];
  const errors: SopLoadError[] = [];
  const owners = new Map<string, string>();
  for (const file of listSopFiles(folder)) {
    const result = parseSopFile(file);
    if (isLoadError(result)) {
      errors.push(result);
      continue;
    }
    const first = owners.get(result.id);
    if (first !== undefined) {
      errors.push(duplicateIdError(file.path, result.id, first));
      continue;
    }
    owners.set(result.id, file.path);
    sops.push(result);
  }
  return { sops, errors };
}
