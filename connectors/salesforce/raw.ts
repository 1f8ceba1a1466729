import { z } from 'zod';

/**
 * Salesforce records as the REST API returns them (the fields casebridge selects). Plain objects,
 * so unexpected extra fields are ignored; nulls stay null. Datetimes look like
 * `2024-01-05T09:00:00.000+0000`. Field lists are the single source of the SELECT clauses.
 */

const SfDateTime = z
  .string()
  .refine(
    (s) => !Number.isNaN(Date.parse(s)),
    'expected a Salesforce datetime like 2024-01-05T09:00:00.000+0000',
  );
const SfId = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'expected a 15 or 18 character Salesforce Id');

/** Every synced object carries these (queryAll returns IsDeleted rows). */
const system = { Id: SfId, SystemModstamp: SfDateTime };

export const RawCase = z.object({
  ...system,
  IsDeleted: z.boolean(),
  CaseNumber: z.string().min(1),
  Subject: z.string().nullable(),
  Description: z.string().nullable(),
  Status: z.string().min(1),
  Priority: z.string().nullable(),
  Origin: z.string().nullable(),
  Type: z.string().nullable(),
  Reason: z.string().nullable(),
  IsClosed: z.boolean(),
  IsEscalated: z.boolean(),
  ClosedDate: SfDateTime.nullable(),
  ContactId: SfId.nullable(),
  AccountId: SfId.nullable(),
  OwnerId: SfId.nullable(),
  CreatedDate: SfDateTime,
  LastModifiedDate: SfDateTime,
});
export type RawCase = z.infer<typeof RawCase>;
export const CASE_FIELDS = Object.keys(RawCase.shape);

export const RawContact = z.object({
  ...system,
  IsDeleted: z.boolean(),
  Name: z.string().nullable(),
  Email: z.string().nullable(),
  Phone: z.string().nullable(),
  AccountId: SfId.nullable(),
});
export type RawContact = z.infer<typeof RawContact>;
export const CONTACT_FIELDS = Object.keys(RawContact.shape);

export const RawUser = z.object({
  ...system,
  Name: z.string().nullable(),
  Email: z.string().nullable(),
  Phone: z.string().nullable(),
  TimeZoneSidKey: z.string().nullable(),
});
export type RawUser = z.infer<typeof RawUser>;
export const USER_FIELDS = Object.keys(RawUser.shape);

export const RawAccount = z.object({
  ...system,
  IsDeleted: z.boolean(),
  Name: z.string().nullable(),
  Website: z.string().nullable(),
});
export type RawAccount = z.infer<typeof RawAccount>;
export const ACCOUNT_FIELDS = Object.keys(RawAccount.shape);

export const RawCaseComment = z.object({
  ...system,
  IsDeleted: z.boolean(),
  ParentId: SfId,
  IsPublished: z.boolean(),
  CommentBody: z.string(),
  CreatedById: SfId.nullable(),
  CreatedDate: SfDateTime,
});
export type RawCaseComment = z.infer<typeof RawCaseComment>;
export const CASE_COMMENT_FIELDS = Object.keys(RawCaseComment.shape);

export const RawEmailMessage = z.object({
  ...system,
  IsDeleted: z.boolean(),
  ParentId: SfId.nullable(),
  Subject: z.string().nullable(),
  TextBody: z.string().nullable(),
  Incoming: z.boolean(),
  CreatedById: SfId.nullable(),
  MessageDate: SfDateTime.nullable(),
  CreatedDate: SfDateTime,
});
export type RawEmailMessage = z.infer<typeof RawEmailMessage>;
export const EMAIL_MESSAGE_FIELDS = Object.keys(RawEmailMessage.shape);

export const RawCaseMilestone = z.object({
  ...system,
  CaseId: SfId,
  MilestoneTypeId: SfId.nullable(),
  StartDate: SfDateTime.nullable(),
  TargetDate: SfDateTime.nullable(),
  CompletionDate: SfDateTime.nullable(),
  IsCompleted: z.boolean(),
  IsViolated: z.boolean(),
  /** Relationship field: `MilestoneType.Name` arrives nested. */
  MilestoneType: z.object({ Name: z.string().nullable() }).nullable(),
});
export type RawCaseMilestone = z.infer<typeof RawCaseMilestone>;
export const CASE_MILESTONE_FIELDS = [
  ...Object.keys(RawCaseMilestone.shape).filter((f) => f !== 'MilestoneType'),
  'MilestoneType.Name',
];

/** `GET /query` and `/queryAll` response: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm */
export const QueryResult = z.object({
  totalSize: z.number().int(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});
export type QueryResult = z.infer<typeof QueryResult>;
