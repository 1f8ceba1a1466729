import { z } from 'zod';
import type { SalesforceClient } from './client.js';

const DescribeGlobal = z.object({
  sobjects: z.array(z.looseObject({ name: z.string(), queryable: z.boolean() })),
});

/**
 * Whether the org has a queryable object (EmailMessage exists only with Email-to-Case or Enhanced
 * Email). https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 */
export async function hasQueryableObject(client: SalesforceClient, name: string): Promise<boolean> {
  const global = DescribeGlobal.parse(
    await client.send({ method: 'GET', url: `${client.baseUrl}/sobjects/` }),
  );
  return global.sobjects.some((o) => o.name === name && o.queryable);
}
