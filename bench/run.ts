// `npm run bench -- NAME [options]` runs bench/NAME.ts (or bench/NAME/main.ts) in its own process,
// so its peak RSS is its own. A benchmark's LAST stdout line is one JSON object with its figures.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
if (name === undefined) {
  console.error('usage: npm run bench -- NAME [options]   (NAME is a file or folder under bench/)');
  process.exit(2);
}
const here = import.meta.dirname;
const file = [join(here, `${name}.ts`), join(here, name, 'main.ts')].find((f) => existsSync(f));
if (file === undefined) {
  console.error(`no benchmark named ${name} under bench/`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
