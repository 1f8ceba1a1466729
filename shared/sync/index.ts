export * from './contract.js';
export * from './health.js';
export * from './leadership.js';
export * from './metrics.js';
export * from './queue.js';
export * from './runner.js';
export * from './scheduler.js';
export * from './supervisor.js';
