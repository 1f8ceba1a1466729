import { join } from 'node:path';
import type { Command } from 'commander';
import { buildAppFolder, packageApp } from '../../zendesk-sidebar/build/app-folder.js';
import { printJson } from '../output.js';

interface AppOptions {
  out: string;
  url: string;
  zip?: string;
  json?: boolean;
}

const withAppOptions = (command: Command) =>
  command
    .option('--out <dir>', 'where to write the app folder', 'dist/zendesk-app')
    .option(
      '--url <url>',
      'where casebridge runs: its host goes into the domainWhitelist',
      'http://localhost:3000',
    )
    .option('--json', 'print the result as JSON');

/**
 * `casebridge zendesk-app build|package`: the sidebar app as a folder (`zcli apps:server <dir>`
 * serves it) and as a zip to upload in Zendesk (Admin Center → Apps → Upload private app).
 */
export function register(program: Command): void {
  const app = program
    .command('zendesk-app')
    .description('the Zendesk sidebar app: build the folder or an upload-ready zip');
  withAppOptions(
    app.command('build').description('write the app folder (manifest, translations, assets)'),
  ).action(async (options: AppOptions) => {
    const dir = await buildAppFolder({ outDir: options.out, url: options.url });
    if (options.json) return printJson({ dir });
    console.log(`zendesk app folder: ${dir} (serve it with: zcli apps:server ${dir})`);
  });
  withAppOptions(
    app.command('package').description('build, validate against Zendesk manifest rules, and zip'),
  )
    .option('--zip <path>', 'the zip to write (default: <out>.zip)')
    .action(async (options: AppOptions) => {
      const dir = await buildAppFolder({ outDir: options.out, url: options.url });
      const zipPath = options.zip ?? `${dir}.zip`;
      const result = packageApp(dir, zipPath);
      if (options.json) return printJson({ dir, zip: zipPath, ...result });
      console.log(
        `zendesk app: ${zipPath} (${result.files.length} files, ${result.bytes} bytes), valid; upload it in Admin Center → Apps and integrations → Zendesk Support apps → Upload private app`,
      );
      console.log(
        `then set casebridgeUrl and sharedSecret (= zendeskApp.sharedSecret in ${join('casebridge.yaml')})`,
      );
    });
}
