export * from './contract.js';
export * from './runner.js';
