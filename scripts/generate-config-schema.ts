// Writes manifests/casebridge.config.schema.json from the config's zod schema (with every
// registered connector's connection shape). `npm run gen:config-schema`; a test fails when stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorConfigInfo } from '../connectors/index.js';
import { configJsonSchema } from '../shared/config/index.js';

export const CONFIG_SCHEMA_PATH = join(
  import.meta.dirname,
  '..',
  'manifests',
  'casebridge.config.schema.json',
);

export function renderConfigSchema(): string {
  return `${JSON.stringify(configJsonSchema(connectorConfigInfo()), null, 2)}\n`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(CONFIG_SCHEMA_PATH, renderConfigSchema());
  console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
}
