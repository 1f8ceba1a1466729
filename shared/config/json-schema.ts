import { z } from 'zod';
import { buildConfigSchema, type ConnectorConfigInfo } from './schema.js';

/** The JSON Schema editors use to autocomplete and check `casebridge.yaml` (checked in under manifests/). */
export function configJsonSchema(connectors: readonly ConnectorConfigInfo[]): Record<string, unknown> {
  const schema = z.toJSONSchema(buildConfigSchema(connectors), {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-7',
  });
  return {
    ...schema,
    $id: 'https://casebridge.dev/schemas/casebridge.config.schema.json',
    title: 'casebridge.yaml',
    description: 'Configuration of casebridge: database, CRM connections, sync jobs, server.',
  };
}
