export * from './comment.js';
export * from './common.js';
export * from './escalation.js';
export * from './knowledge-article.js';
export * from './organization.js';
export * from './person.js';
export * from './qa-flag.js';
export * from './qa-flag-choices.js';
export * from './sla-target.js';
export * from './ticket.js';

import type { Comment } from './comment.js';
import type { Organization } from './organization.js';
import type { Person } from './person.js';
import type { SlaTarget } from './sla-target.js';
import type { Ticket } from './ticket.js';

/** The synced aggregates, by the name the store, the sync runner and `export` use. */
export interface SyncedRecords {
  tickets: Ticket;
  people: Person;
  organizations: Organization;
  comments: Comment;
  sla: SlaTarget;
}
export type SyncedEntity = keyof SyncedRecords;
export const SYNCED_ENTITIES = [
  'tickets',
  'people',
  'organizations',
  'comments',
  'sla',
] as const satisfies readonly SyncedEntity[];
