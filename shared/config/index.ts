export type { ConfigIssue } from './env.js';
export { expandEnv, formatPath } from './env.js';
export { configJsonSchema } from './json-schema.js';
export * from './load.js';
export * from './schema.js';
