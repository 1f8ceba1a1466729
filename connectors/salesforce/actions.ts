import { z } from 'zod';
import type { TicketPriority } from '../../shared/domain/index.js';
import { CasebridgeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log/logger.js';
import type { ConnectorActions, ConnectorStateStore } from '../../shared/sync/contract.js';
import { SalesforceClient } from './client.js';
import { parseConnection, type SalesforceConnection } from './config.js';
import { soql } from './soql.js';

const IdPattern = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'not a Salesforce Case Id');
const Created = z.looseObject({ id: z.string(), success: z.boolean() });
const Records = z.object({ records: z.array(z.looseObject({ Id: z.string() })) });

/**
 * Write-back to Salesforce. The services audit each call; these only talk to the org.
 * sObject rows: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
 */
export function salesforceActions(
  raw: SalesforceConnection,
  context: { log: Logger; state: ConnectorStateStore },
): ConnectorActions {
  const connection = parseConnection(raw);
  let client: Promise<SalesforceClient> | null = null;
  const api = () => {
    client ??= SalesforceClient.connect(connection, context);
    return client;
  };
  const caseId = (id: string) => IdPattern.parse(id);

  async function patchCase(id: string, fields: Record<string, unknown>): Promise<void> {
    const c = await api();
    await c.send({ method: 'PATCH', url: `${c.baseUrl}/sobjects/Case/${caseId(id)}`, body: fields });
  }

  async function addInternalNote(id: string, body: string): Promise<void> {
    const c = await api();
    // IsPublished false: an internal comment the customer does not see.
    const created = Created.parse(
      await c.send({
        method: 'POST',
        url: `${c.baseUrl}/sobjects/CaseComment`,
        body: { ParentId: caseId(id), CommentBody: body, IsPublished: false },
      }),
    );
    context.log.info({ case: id, comment: created.id }, 'added an internal CaseComment');
  }

  function priorityValue(priority: TicketPriority): string {
    const entry = Object.entries(connection.priorityMap).find(([, mapped]) => mapped === priority);
    if (entry === undefined) {
      throw new CasebridgeError(
        'salesforce.priority',
        `priorityMap has no Salesforce value for "${priority}"`,
        {
          hint: `add an entry mapping a Case Priority picklist value to ${priority}`,
        },
      );
    }
    return entry[0];
  }

  async function changeTags(id: string, tags: readonly string[], add: boolean): Promise<void> {
    if (connection.tagsField !== undefined) return changeTagField(id, tags, add, connection.tagsField);
    if (connection.useTopicsForTags) return add ? addTopics(id, tags) : removeTopics(id, tags);
    throw new CasebridgeError('salesforce.tags', 'this Salesforce connection has nowhere to keep tags', {
      hint: 'set tagsField (a text field on Case) or useTopicsForTags: true in the connection',
    });
  }

  async function changeTagField(id: string, tags: readonly string[], add: boolean, field: string) {
    const c = await api();
    const current = z
      .record(z.string(), z.unknown())
      .parse(
        await c.send({ method: 'GET', url: `${c.baseUrl}/sobjects/Case/${caseId(id)}?fields=${field}` }),
      )[field];
    const existing = typeof current === 'string' ? current.split(';').filter((t) => t !== '') : [];
    const next = add ? [...new Set([...existing, ...tags])] : existing.filter((t) => !tags.includes(t));
    await patchCase(id, { [field]: next.length === 0 ? null : next.join(';') });
  }

  async function addTopics(id: string, tags: readonly string[]) {
    const c = await api();
    for (const tag of tags) {
      const found = Records.parse(
        await c.send({
          method: 'GET',
          url: `${c.baseUrl}/query?q=${encodeURIComponent(soql`SELECT Id FROM Topic WHERE Name = ${tag}`.text)}`,
        }),
      ).records[0];
      const topicId =
        found?.Id ??
        Created.parse(
          await c.send({ method: 'POST', url: `${c.baseUrl}/sobjects/Topic`, body: { Name: tag } }),
        ).id;
      await c.send({
        method: 'POST',
        url: `${c.baseUrl}/sobjects/TopicAssignment`,
        body: { TopicId: topicId, EntityId: caseId(id) },
      });
    }
  }

  async function removeTopics(id: string, tags: readonly string[]) {
    if (tags.length === 0) return;
    const c = await api();
    const query = soql`SELECT Id FROM TopicAssignment WHERE EntityId = ${caseId(id)} AND Topic.Name IN ${tags}`;
    const assigned = Records.parse(
      await c.send({ method: 'GET', url: `${c.baseUrl}/query?q=${encodeURIComponent(query.text)}` }),
    );
    for (const row of assigned.records) {
      await c.send({ method: 'DELETE', url: `${c.baseUrl}/sobjects/TopicAssignment/${row.Id}` });
    }
  }

  return {
    addInternalNote,
    addTags: (id, tags) => changeTags(id, tags, true),
    removeTags: (id, tags) => changeTags(id, tags, false),
    setPriority: (id, priority) => patchCase(id, { Priority: priorityValue(priority) }),
    async markEscalated(id, level, note) {
      await patchCase(id, { IsEscalated: true });
      await addInternalNote(id, `Escalated to level ${level}: ${note}`);
    },
  };
}
