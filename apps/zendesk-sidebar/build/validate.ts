import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { pngSize } from './png.js';

/**
 * Zendesk's manifest and translation rules (zendesk_apps_support `validations/manifest.rb`,
 * translations and logos), checked offline: `zcli apps:validate` needs a live account.
 * Returns every problem found, each naming the file and field; empty means valid.
 */
const LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
const BOOLEANS = ['private', 'signedUrls', 'singleInstall', 'requirementsOnly', 'marketingOnly'] as const;
const TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
const SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
];
const LOGOS = [
  ['assets/logo.png', 320],
  ['assets/logo-small.png', 128],
] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(path: string, problems: string[], label: string): Json | null {
  if (!existsSync(path)) {
    problems.push(`${label} is missing`);
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isObject(parsed)) return parsed;
    problems.push(`${label} must be a JSON object`);
  } catch (error) {
    problems.push(`${label} is not valid JSON: ${(error as Error).message}`);
  }
  return null;
}

function checkLocationUrl(dir: string, where: string, url: unknown, problems: string[]): void {
  if (typeof url !== 'string' || url === '')
    return void problems.push(`manifest.json ${where}: url is missing`);
  if (/^https:\/\//.test(url) || /^https?:\/\/localhost(:\d+)?(\/|$)/.test(url)) return;
  const path = normalize(url);
  if (!path.startsWith('assets/'))
    return void problems.push(
      `manifest.json ${where}: url "${url}" must be https://, localhost or an assets/ file`,
    );
  if (!existsSync(join(dir, path))) problems.push(`manifest.json ${where}: ${url} does not exist in the app`);
}

function checkLocations(dir: string, manifest: Json, problems: string[]): void {
  const location = manifest.location;
  if (!isObject(location) || Object.keys(location).length === 0)
    return void problems.push(
      'manifest.json: location is required, e.g. {"support":{"ticket_sidebar":{"url":"assets/iframe.html"}}}',
    );
  for (const [product, places] of Object.entries(location)) {
    if (!isObject(places) || Object.keys(places).length === 0) {
      problems.push(`manifest.json location.${product}: expected an object of locations`);
      continue;
    }
    for (const [name, value] of Object.entries(places)) {
      const url = isObject(value) ? value.url : value;
      checkLocationUrl(dir, `location.${product}.${name}`, url, problems);
    }
  }
}

function checkParameter(p: unknown, i: number, seen: Set<string>, problems: string[]): void {
  const at = `manifest.json parameters[${i}]`;
  if (!isObject(p)) return void problems.push(`${at}: expected an object`);
  if (typeof p.name !== 'string' || p.name === '') problems.push(`${at}: name is required`);
  else if (p.name === 'name') problems.push(`${at}: "name" is a reserved parameter name`);
  else if (seen.has(p.name)) problems.push(`${at}: duplicate parameter ${p.name}`);
  else seen.add(p.name);
  const type = p.type ?? 'text';
  if (typeof type !== 'string' || !TYPES.includes(type))
    problems.push(`${at}: type must be one of ${TYPES.join('|')}`);
  for (const key of ['required', 'secure'] as const)
    if (p[key] !== undefined && typeof p[key] !== 'boolean')
      problems.push(`${at}: ${key} must be true or false`);
  if (type === 'hidden' && p.required === true) problems.push(`${at}: a hidden parameter cannot be required`);
  if (type === 'oauth' && p.secure === true) problems.push(`${at}: an oauth parameter cannot be secure`);
  if (p.scopes !== undefined) {
    if (p.secure !== true) problems.push(`${at}: only secure parameters take scopes`);
    if (!Array.isArray(p.scopes) || p.scopes.some((s) => typeof s !== 'string' || !SCOPES.includes(s)))
      problems.push(`${at}: scopes must be some of ${SCOPES.join('|')}`);
  }
}

function checkTranslations(dir: string, manifest: Json, problems: string[]): void {
  const locale = manifest.defaultLocale;
  if (typeof locale !== 'string' || !LOCALE.test(locale))
    return void problems.push('manifest.json: defaultLocale is required and must look like en or pt-br');
  const translations = readJson(
    join(dir, 'translations', `${locale}.json`),
    problems,
    `translations/${locale}.json`,
  );
  if (translations === null) return;
  const app = isObject(translations.app) ? translations.app : {};
  const required =
    manifest.private === false
      ? ['name', 'short_description', 'long_description', 'installation_instructions']
      : ['name'];
  for (const key of required)
    if (typeof app[key] !== 'string' || app[key] === '')
      problems.push(`translations/${locale}.json: app.${key} is required`);
  const labels = isObject(app.parameters) ? app.parameters : {};
  for (const p of Array.isArray(manifest.parameters) ? manifest.parameters : []) {
    if (!isObject(p) || typeof p.name !== 'string' || p.type === 'hidden') continue;
    const entry = labels[p.name];
    if (!isObject(entry) || typeof entry.label !== 'string' || entry.label === '')
      problems.push(`translations/${locale}.json: app.parameters.${p.name}.label is required`);
  }
}

function checkLogos(dir: string, problems: string[]): void {
  for (const [file, size] of LOGOS) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`${file} is missing (${size}x${size} PNG)`);
      continue;
    }
    const found = pngSize(readFileSync(path));
    if (found === null) problems.push(`${file} is not a PNG`);
    else if (found.width !== size || found.height !== size)
      problems.push(`${file} is ${found.width}x${found.height}; Zendesk requires ${size}x${size}`);
  }
}

export function validateApp(dir: string): string[] {
  const problems: string[] = [];
  const manifest = readJson(join(dir, 'manifest.json'), problems, 'manifest.json');
  if (manifest === null) return problems;
  if (
    manifest.author === undefined ||
    (isObject(manifest.author) && typeof manifest.author.name !== 'string')
  )
    problems.push('manifest.json: author is required (with a name)');
  if (manifest.frameworkVersion !== '2.0') problems.push('manifest.json: frameworkVersion must be "2.0"');
  for (const key of BOOLEANS)
    if (manifest[key] !== undefined && typeof manifest[key] !== 'boolean')
      problems.push(`manifest.json: ${key} must be true or false, not ${JSON.stringify(manifest[key])}`);
  const whitelist = manifest.domainWhitelist;
  if (whitelist !== undefined && (!Array.isArray(whitelist) || whitelist.some((d) => typeof d !== 'string')))
    problems.push('manifest.json: domainWhitelist must be an array of domain strings');
  checkLocations(dir, manifest, problems);
  const parameters = manifest.parameters ?? [];
  if (!Array.isArray(parameters)) problems.push('manifest.json: parameters must be an array');
  else {
    const seen = new Set<string>();
    parameters.forEach((p, i) => {
      checkParameter(p, i, seen, problems);
    });
  }
  checkTranslations(dir, manifest, problems);
  checkLogos(dir, problems);
  return problems;
}
