/**
 * The SLA engine, pure: calendars, policies, policy targets and today's status. No store, no
 * network; callers pass domain records and a clock. Config: `SlaConfig` is the `sla:` section.
 */
export * from './calendar.js';
export { type Interval, instantOf, StatusChange } from './clock.js';
export * from './policy.js';
export type { AuthorRole } from './replies.js';
export * from './targets.js';
export * from './today.js';
export { isValidTimeZone } from './zone.js';
