import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppFolder, packageApp } from '../../apps/zendesk-sidebar/build/app-folder.js';
import { encodePng, pngSize } from '../../apps/zendesk-sidebar/build/png.js';
import { validateApp } from '../../apps/zendesk-sidebar/build/validate.js';
import { runCli } from '../helpers/cli.js';

type Json = Record<string, unknown>;
let good: string;

/** A copy of the good app with one change. */
function variant(change: (dir: string, manifest: Json) => Json | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'zapp-bad-'));
  cpSync(good, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
  const changed = change(dir, manifest) ?? manifest;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(changed));
  return dir;
}

/** Reads a zip's entries back (local headers, deflate) to check what `package` wrote. */
function unzip(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + bytes.readUInt16LE(at + 28);
    files.set(name, inflateRawSync(bytes.subarray(start, start + size)));
    at = start + size;
  }
  return files;
}

describe('the Zendesk app folder and its validator', () => {
  beforeAll(async () => {
    good = await buildAppFolder({
      outDir: mkdtempSync(join(tmpdir(), 'zapp-')),
      url: 'https://cb.example.com',
    });
  });

  it('builds a folder that passes every rule, in the layout zcli apps:server serves', () => {
    expect(validateApp(good)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(good, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      frameworkVersion: '2.0',
      location: { support: { ticket_sidebar: { url: 'assets/iframe.html' } } },
      domainWhitelist: ['cb.example.com'],
    });
    expect(manifest.parameters.map((p: Json) => [p.name, p.secure ?? false])).toEqual([
      ['casebridgeUrl', false],
      ['sharedSecret', true],
    ]);
    expect(pngSize(readFileSync(join(good, 'assets', 'logo.png')))).toEqual({ width: 320, height: 320 });
    expect(readFileSync(join(good, 'assets', 'iframe.html'), 'utf8')).toContain('zaf_sdk.min.js');
  });

  it.each<[string, (dir: string, m: Json) => Json | undefined, RegExp]>([
    ['no author', (_d, m) => ({ ...m, author: undefined }), /author is required/],
    ['framework 1.0', (_d, m) => ({ ...m, frameworkVersion: '1.0' }), /frameworkVersion must be "2.0"/],
    ['private as a string', (_d, m) => ({ ...m, private: 'true' }), /private must be true or false/],
    ['no location', (_d, m) => ({ ...m, location: {} }), /location is required/],
    [
      'an http location',
      (_d, m) => ({ ...m, location: { support: { ticket_sidebar: 'http://evil.example/x' } } }),
      /must be https/,
    ],
    [
      'a missing asset',
      (_d, m) => ({ ...m, location: { support: { ticket_sidebar: { url: 'assets/nope.html' } } } }),
      /does not exist/,
    ],
    [
      'a bad parameter type',
      (_d, m) => ({ ...m, parameters: [{ name: 'x', type: 'password' }] }),
      /type must be one of/,
    ],
    [
      'a required hidden parameter',
      (_d, m) => ({ ...m, parameters: [{ name: 'x', type: 'hidden', required: true }] }),
      /hidden parameter cannot be required/,
    ],
    ['a parameter called name', (_d, m) => ({ ...m, parameters: [{ name: 'name' }] }), /reserved/],
    [
      'a secure oauth parameter',
      (_d, m) => ({ ...m, parameters: [{ name: 'o', type: 'oauth', secure: true }] }),
      /oauth parameter cannot be secure/,
    ],
    [
      'scopes on a plain parameter',
      (_d, m) => ({ ...m, parameters: [{ name: 's', scopes: ['jwt_secret_key'] }] }),
      /only secure parameters/,
    ],
    [
      'domainWhitelist as a string',
      (_d, m) => ({ ...m, domainWhitelist: 'cb.example.com' }),
      /domainWhitelist must be an array/,
    ],
    ['a bad locale', (_d, m) => ({ ...m, defaultLocale: 'English' }), /defaultLocale/],
    [
      'a missing translation file',
      (_d, m) => ({ ...m, defaultLocale: 'fr' }),
      /translations\/fr.json is missing/,
    ],
    [
      'a parameter without a label',
      (_d, m) => ({ ...m, parameters: [...(m.parameters as Json[]), { name: 'extra' }] }),
      /app.parameters.extra.label/,
    ],
    [
      'a public app without descriptions',
      (dir, m) => {
        writeFileSync(
          join(dir, 'translations', 'en.json'),
          JSON.stringify({ app: { name: 'x', parameters: {} } }),
        );
        return { ...m, private: false };
      },
      /app.short_description is required/,
    ],
    [
      'a logo of the wrong size',
      (dir) => {
        writeFileSync(
          join(dir, 'assets', 'logo.png'),
          encodePng(100, 100, () => [0, 0, 0, 255]),
        );
        return undefined;
      },
      /logo.png is 100x100; Zendesk requires 320x320/,
    ],
    [
      'a logo that is not a PNG',
      (dir) => {
        writeFileSync(join(dir, 'assets', 'logo-small.png'), 'GIF89a');
        return undefined;
      },
      /logo-small.png is not a PNG/,
    ],
    [
      'a missing logo',
      (dir) => {
        rmSync(join(dir, 'assets', 'logo.png'));
        return undefined;
      },
      /logo.png is missing/,
    ],
  ])('rejects %s', (_name, change, problem) => {
    expect(validateApp(variant(change)).join('\n')).toMatch(problem);
  });

  it('packages only a valid app, as a zip holding every file', () => {
    const zipPath = join(mkdtempSync(join(tmpdir(), 'zapp-zip-')), 'app.zip');
    const result = packageApp(good, zipPath);
    const files = unzip(readFileSync(zipPath));
    expect([...files.keys()]).toEqual(result.files);
    expect(files.get('manifest.json')?.toString()).toBe(readFileSync(join(good, 'manifest.json'), 'utf8'));
    expect(files.get('assets/logo.png')?.equals(readFileSync(join(good, 'assets', 'logo.png')))).toBe(true);
    expect(() =>
      packageApp(
        variant((_d, m) => ({ ...m, frameworkVersion: '1.0' })),
        zipPath,
      ),
    ).toThrow(/frameworkVersion/);
  });

  it('casebridge zendesk-app package writes an upload-ready zip', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'zapp-cli-'));
    const result = await runCli(['zendesk-app', 'package', '--out', join(cwd, 'app'), '--json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { zip: string; files: string[] };
    expect(printed.files).toContain('assets/app.js');
    expect(validateApp(join(cwd, 'app'))).toEqual([]);
    expect(unzip(readFileSync(printed.zip)).has('translations/en.json')).toBe(true);
  });
});
