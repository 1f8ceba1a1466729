#!/usr/bin/env node
// The `casebridge` command: runs the bundle that `npm install` / `npm ci` built (the `prepare` script).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/casebridge.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('casebridge: dist/casebridge.mjs is missing — run `npm run build` (npm ci does it for you)');
  process.exit(1);
}
await import(bundle.href);
