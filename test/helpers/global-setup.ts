import { execFileSync } from 'node:child_process';

/** The CLI tests run the built bundle, exactly as `npx casebridge` does; build it once per run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
