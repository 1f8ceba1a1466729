import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { pickScorecard } from '../../shared/services/qa/applicability.js';
import { loadScorecards } from '../../shared/services/qa/load.js';
import { aTicket } from '../helpers/records.js';
import { aScorecardYaml, scorecardFolder } from './fixtures.js';

const reasonsOf = (problems: { file: string; path: string; reason: string }[]) =>
  problems.map((p) => `${p.file.split('/').pop()} ${p.path}: ${p.reason}`);

describe('loading scorecards from a folder', () => {
  it('rejects bad scorecards with file, path and reason while the good ones load', () => {
    const base = aScorecardYaml();
    const categories = base.categories as Record<string, unknown>[];
    const folder = scorecardFolder({
      'good.yaml': base,
      'zero.yaml': { ...base, id: 'zero', categories: categories.map((c) => ({ ...c, weight: 0 })) },
      'scale.yaml': { ...base, id: 'scale', categories: [{ ...categories[0], scale: '10-point' }] },
      'dupe.yml': { ...base, id: 'dupe', categories: [categories[0], categories[0]] },
      'rules.yaml': { ...base, id: 'rules', appliesTo: { channel: 'email', brand: 'acme' } },
      'broken.yaml': 'id: [unclosed',
      'notes.txt': 'ignored',
    });
    const { scorecards, problems } = loadScorecards(folder);
    expect(scorecards.map((s) => s.id)).toEqual(['email']);
    expect(reasonsOf(problems)).toEqual([
      expect.stringMatching(/^broken\.yaml : not valid YAML/),
      'dupe.yml categories[1].id: duplicate category id "greeting" (also categories[0])',
      'rules.yaml appliesTo: unknown applicability field(s) "brand" (known: channel, tags, tagsNone, group, priority, connection)',
      'scale.yaml categories[0].scale: unknown scale (use one of: binary, 3-point, 4-point, 5-point)',
      'zero.yaml categories: every category has weight 0: no review could ever be scored (give at least one a weight)',
    ]);
  });

  it('refuses two files with the same scorecard id, keeping the first', () => {
    const folder = scorecardFolder({
      'a.yaml': aScorecardYaml(),
      'b.yaml': aScorecardYaml({ name: 'Other' }),
    });
    const { scorecards, problems } = loadScorecards(folder);
    expect(scorecards).toHaveLength(1);
    expect(reasonsOf(problems)).toEqual([
      expect.stringMatching(/^b\.yaml id: scorecard id "email" is also used by/),
    ]);
  });

  it('a missing folder is one problem, not a crash', () => {
    const { scorecards, problems } = loadScorecards('/nonexistent/scorecards');
    expect(scorecards).toEqual([]);
    expect(problems[0]?.reason).toMatch(/cannot read the folder/);
  });

  it('versions by content: reformatting keeps the version, editing makes a new one', () => {
    const folder = scorecardFolder({ 'email.yaml': aScorecardYaml() });
    const [first] = loadScorecards(folder).scorecards;
    writeFileSync(
      join(folder, 'email.yaml'),
      `# reviewed by QA lead\n${stringify(aScorecardYaml(), { indent: 4 })}`,
    );
    const [same] = loadScorecards(folder).scorecards;
    writeFileSync(join(folder, 'email.yaml'), stringify(aScorecardYaml({ name: 'Email support v2' })));
    const [edited] = loadScorecards(folder).scorecards;
    expect(first?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(same?.version).toBe(first?.version);
    expect(edited?.version).not.toBe(first?.version);
    expect(edited?.versionId).toBe(`email@${edited?.version}`);
  });
});

describe('which scorecard applies to a ticket', () => {
  const folder = scorecardFolder({
    'email.yaml': aScorecardYaml(),
    'chat.yaml': aScorecardYaml({ id: 'chat', appliesTo: { channel: ['chat', 'phone'] } }),
    'billing.yaml': aScorecardYaml({
      id: 'billing',
      appliesTo: { tags: ['billing', 'refund'], channel: ['email', 'chat'], tagsNone: ['spam'] },
    }),
    'vip.yaml': aScorecardYaml({
      id: 'vip',
      precedence: 10,
      appliesTo: { priority: 'urgent', group: 'zd:g-vip', connection: 'zd' },
    }),
  });
  const { scorecards, problems } = loadScorecards(folder);
  const pick = (t: Parameters<typeof aTicket>[0]) => pickScorecard(scorecards, aTicket(t))?.id ?? null;

  it('matches on channel, tags, group, priority and connection, preferring precedence then specificity', () => {
    expect(problems).toEqual([]);
    expect(pick({ externalId: '1', channel: 'email' })).toBe('email');
    expect(pick({ externalId: '2', channel: 'phone' })).toBe('chat');
    expect(pick({ externalId: '3', channel: 'chat', tags: ['refund'] })).toBe('billing');
    expect(pick({ externalId: '4', channel: 'chat', tags: ['refund', 'spam'] })).toBe('chat');
    expect(pick({ externalId: '5', channel: 'social' })).toBeNull();
    const vip = { channel: 'social' as const, priority: 'urgent' as const, groupId: 'zd:g-vip' };
    expect(pick({ externalId: '6', source: 'zd', ...vip })).toBe('vip');
    expect(pick({ externalId: '7', source: 'sf', ...vip })).toBeNull();
  });
});
