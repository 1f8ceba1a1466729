import { CasebridgeError } from '../../errors.js';

/** Every refusal of the QA flow: a `qa.*` code the surfaces can branch on, and what to do. */
export function qaError(code: string, message: string, hint?: string): CasebridgeError {
  return new CasebridgeError(`qa.${code}`, message, hint === undefined ? {} : { hint });
}

/** Identities are emails, record ids or `slack:U…`; emails compare without case. */
export function sameIdentity(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
