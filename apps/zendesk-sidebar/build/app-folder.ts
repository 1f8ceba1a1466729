import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CasebridgeError } from '../../../shared/errors.js';
import { validateApp } from './validate.js';
import { zip } from './zip.js';

/**
 * `casebridge zendesk-app build|package`: the app folder in the layout `zcli apps:server` serves
 * (manifest.json, translations/, assets/) and the zip Zendesk's "Upload private app" takes.
 */
export interface BuildOptions {
  outDir: string;
  /** Where casebridge runs: its host goes into `domainWhitelist` (secure requests need it). */
  url: string;
  minify?: boolean;
}

const SDK = 'https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js';

/** The folder holding package.json: from the sources (tests, tsx) or from dist/ (the CLI bundle). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'apps', 'zendesk-sidebar'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new CasebridgeError(
        'zendesk_app.sources',
        'cannot find the casebridge sources (apps/zendesk-sidebar)',
      );
    dir = parent;
  }
  return dir;
}

export const sidebarDir = () => join(packageRoot(), 'apps', 'zendesk-sidebar');

function iframeHtml(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><link rel="stylesheet" href="app.css"><title>casebridge</title></head>
<body><div id="app"></div><script src="${SDK}"></script><script src="app.js"></script></body>
</html>
`;
}

async function bundle(assets: string, minify: boolean): Promise<void> {
  // esbuild is a build tool: imported only when building, so the server never needs it.
  const { build } = await import('esbuild');
  const src = join(sidebarDir(), 'src');
  await build({
    entryPoints: [join(src, 'main.ts')],
    outfile: join(assets, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
    minify,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await build({
    entryPoints: [join(src, 'styles.css')],
    outfile: join(assets, 'app.css'),
    bundle: true,
    minify,
    logLevel: 'warning',
  });
}

function manifestFor(url: string): string {
  const manifest = JSON.parse(
    readFileSync(join(sidebarDir(), 'manifest', 'manifest.json'), 'utf8'),
  ) as Record<string, unknown>;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new CasebridgeError('zendesk_app.url', `--url ${url} is not a URL`, {
      hint: 'e.g. --url https://casebridge.example.com',
    });
  }
  return `${JSON.stringify({ ...manifest, domainWhitelist: [host] }, null, 2)}\n`;
}

export async function buildAppFolder(options: BuildOptions): Promise<string> {
  const out = resolve(options.outDir);
  rmSync(out, { recursive: true, force: true });
  const assets = join(out, 'assets');
  mkdirSync(assets, { recursive: true });
  mkdirSync(join(out, 'translations'), { recursive: true });
  const source = sidebarDir();
  writeFileSync(join(out, 'manifest.json'), manifestFor(options.url));
  for (const file of readdirSync(join(source, 'manifest', 'translations')))
    copyFileSync(join(source, 'manifest', 'translations', file), join(out, 'translations', file));
  for (const logo of ['logo.png', 'logo-small.png'])
    copyFileSync(join(source, 'assets', logo), join(assets, logo));
  writeFileSync(join(assets, 'iframe.html'), iframeHtml());
  await bundle(assets, options.minify ?? true);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** Validates the folder (refusing to package an invalid app) and zips it. */
export function packageApp(dir: string, zipPath: string): { files: string[]; bytes: number } {
  const problems = validateApp(dir);
  if (problems.length > 0) {
    throw new CasebridgeError(
      'zendesk_app.invalid',
      `the app does not pass Zendesk's manifest rules:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const files = filesUnder(dir).map((path) => relative(dir, path).split('\\').join('/'));
  const bytes = zip(files.map((name) => ({ name, data: readFileSync(join(dir, name)) })));
  mkdirSync(dirname(resolve(zipPath)), { recursive: true });
  writeFileSync(zipPath, bytes);
  return { files, bytes: bytes.length };
}
