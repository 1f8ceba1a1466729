import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../apps/slack-bot/blocks/help.js';
import { SHORTCUT } from '../../apps/slack-bot/shortcuts/ids.js';
import { validateJsonSchema } from './json-schema.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));
const schema = fixture('slack-app-manifest.v1.schema.json');
const manifest = parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'manifests', 'slack-app.yaml'), 'utf8'),
);

describe('manifests/slack-app.yaml', () => {
  it("the validator agrees with Slack's own valid and invalid examples", () => {
    expect(validateJsonSchema(schema, fixture('manifest.v1.valid.json'))).toEqual([]);
    expect(validateJsonSchema(schema, fixture('manifest.v1.invalid.json'))).toEqual([
      '$.settings.bad_param: unknown property',
    ]);
  });

  it("validates against Slack's app manifest schema v1", () => {
    expect(validateJsonSchema(schema, manifest)).toEqual([]);
  });

  it('declares what the code listens to, with least-privilege scopes', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
    const callbacks = manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id).sort();
    expect(callbacks).toEqual([SHORTCUT.escalate, SHORTCUT.flagForQa].sort());
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      ['chat:write', 'commands', 'usergroups:read', 'users:read', 'users:read.email'].sort(),
    );
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
  });

  it('a manifest breaking a limit is caught (shortcut name over 24 characters)', () => {
    const broken = structuredClone(manifest);
    broken.features.shortcuts[0].name = 'A shortcut name that is far too long';
    expect(validateJsonSchema(schema, broken)).toEqual([
      expect.stringContaining('features.shortcuts[0].name: longer than 24'),
    ]);
  });
});
