/**
 * An error a user can cause and fix. `message` says what is wrong; `hint` says what to do.
 * Surfaces print `message` (and `hint`) on one line; `--verbose` adds the stack.
 */
export class CasebridgeError extends Error {
  readonly code: string;
  readonly hint: string | null;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CasebridgeError';
    this.code = code;
    this.hint = options.hint ?? null;
  }

  /** The one line a CLI prints. */
  describe(): string {
    return this.hint === null ? this.message : `${this.message} — ${this.hint}`;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof CasebridgeError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
