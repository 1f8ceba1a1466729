// Bundles the CLI (and through it the server) into dist/ with esbuild. Dependencies stay external:
// they are installed beside it, and native ones (better-sqlite3) cannot be bundled anyway.
import { build } from 'esbuild';

await build({
  entryPoints: ['apps/cli/main.ts'],
  outfile: 'dist/casebridge.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
