import { z } from 'zod';
import { defineStream } from '../../../shared/sync/contract.js';
import type { SalesforceConnection } from '../config.js';
import { SalesforceMapper } from '../map.js';
import { CONTACT_FIELDS, RawContact, RawUser, USER_FIELDS } from '../raw.js';
import { soql } from '../soql.js';
import { openEnv, toPage } from './env.js';
import { ObjectCheckpoint, readObject } from './incremental.js';

const PeopleCheckpoint = z.strictObject({
  contacts: ObjectCheckpoint.nullable(),
  users: ObjectCheckpoint.nullable(),
});
type PeopleCheckpoint = z.infer<typeof PeopleCheckpoint>;

/** Contacts (end users) then the Users who own cases (agents), each with its own checkpoint. */
export const peopleStream = defineStream<SalesforceConnection, PeopleCheckpoint>({
  name: 'people',
  checkpointSchema: PeopleCheckpoint,
  async *read(context) {
    const env = await openEnv(context);
    const mapper = new SalesforceMapper(env.connection, context.log);
    let checkpoint: PeopleCheckpoint = context.checkpoint ?? { contacts: null, users: null };
    const contacts = {
      object: 'Contact',
      fields: CONTACT_FIELDS,
      schema: RawContact,
      scanAll: true,
      map: (raw: RawContact) => mapper.contact(raw),
    };
    for await (const batch of readObject(env, contacts, checkpoint.contacts)) {
      checkpoint = { ...checkpoint, contacts: batch.checkpoint };
      yield toPage('people', batch, checkpoint);
    }
    const users = {
      object: 'User',
      fields: USER_FIELDS,
      schema: RawUser,
      // Users are never deleted (only deactivated): /query, not /queryAll.
      scanAll: false,
      where: soql`Id IN (SELECT OwnerId FROM Case)`,
      map: (raw: RawUser) => mapper.user(raw),
    };
    for await (const batch of readObject(env, users, checkpoint.users)) {
      checkpoint = { ...checkpoint, users: batch.checkpoint };
      yield toPage('people', batch, checkpoint);
    }
  },
});
