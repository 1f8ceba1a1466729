import { z } from 'zod';
import { defineStream } from '../../../shared/sync/contract.js';
import type { SalesforceConnection } from '../config.js';
import { hasQueryableObject } from '../describe.js';
import { SalesforceMapper } from '../map.js';
import { CASE_COMMENT_FIELDS, EMAIL_MESSAGE_FIELDS, RawCaseComment, RawEmailMessage } from '../raw.js';
import { soql } from '../soql.js';
import { openEnv, toPage } from './env.js';
import { ObjectCheckpoint, readObject } from './incremental.js';

const CommentsCheckpoint = z.strictObject({
  caseComments: ObjectCheckpoint.nullable(),
  emailMessages: ObjectCheckpoint.nullable(),
});
type CommentsCheckpoint = z.infer<typeof CommentsCheckpoint>;

/** CaseComments, then EmailMessages on cases when the org has the object (detected by describe). */
export const commentsStream = defineStream<SalesforceConnection, CommentsCheckpoint>({
  name: 'comments',
  checkpointSchema: CommentsCheckpoint,
  async *read(context) {
    const env = await openEnv(context);
    const mapper = new SalesforceMapper(env.connection, context.log);
    let checkpoint: CommentsCheckpoint = context.checkpoint ?? { caseComments: null, emailMessages: null };
    const caseComments = {
      object: 'CaseComment',
      fields: CASE_COMMENT_FIELDS,
      schema: RawCaseComment,
      scanAll: true,
      map: (raw: RawCaseComment) => mapper.caseComment(raw),
    };
    for await (const batch of readObject(env, caseComments, checkpoint.caseComments)) {
      checkpoint = { ...checkpoint, caseComments: batch.checkpoint };
      yield toPage('comments', batch, checkpoint);
    }
    if (!(await hasQueryableObject(env.client, 'EmailMessage'))) {
      context.log.info(
        'this org has no EmailMessage object (Email-to-Case is off): syncing case comments only',
      );
      return;
    }
    const emails = {
      object: 'EmailMessage',
      fields: EMAIL_MESSAGE_FIELDS,
      schema: RawEmailMessage,
      scanAll: true,
      // Only emails on cases (ParentId is the case); others belong to other objects.
      where: soql`ParentId != null`,
      map: (raw: RawEmailMessage) =>
        mapper.emailMessage(raw) ?? 'the email has neither a text body nor a subject',
    };
    for await (const batch of readObject(env, emails, checkpoint.emailMessages)) {
      checkpoint = { ...checkpoint, emailMessages: batch.checkpoint };
      yield toPage('comments', batch, checkpoint);
    }
  },
});
