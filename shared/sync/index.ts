export * from './contract.js';
export * from './metrics.js';
export * from './runner.js';
export * from './scheduler.js';
