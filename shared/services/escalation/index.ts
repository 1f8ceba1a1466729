/**
 * The escalation matrix, pure: `EscalationConfig` is the `escalation:` section; rules give a
 * verdict, `decideEscalation` turns it into at most one action, manual.ts covers what people do.
 */
export * from './decide.js';
export * from './manual.js';
export * from './rules.js';
