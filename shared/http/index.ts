export * from './client.js';
export * from './clock.js';
export * from './error-table.js';
export * from './errors.js';
export * from './rate-budget.js';
export * from './retry-after.js';
