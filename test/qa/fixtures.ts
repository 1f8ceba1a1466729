import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A small valid scorecard definition; override what a test is about. */
export function aScorecardYaml(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'email',
    name: 'Email support',
    appliesTo: { channel: ['email', 'web'] },
    categories: [
      {
        id: 'greeting',
        name: 'Greeting',
        weight: 10,
        scale: 'binary',
        checklist: [{ id: 'uses-name', text: 'Greets the customer by name' }],
      },
      {
        id: 'resolution',
        name: 'Resolution',
        weight: 60,
        scale: '5-point',
        checklist: [
          { id: 'root-cause', text: 'Finds the root cause' },
          { id: 'next-steps', text: 'States the next steps' },
        ],
      },
      {
        id: 'tone',
        name: 'Tone',
        weight: 30,
        scale: '4-point',
        naAllowed: true,
        checklist: [{ id: 'empathy', text: 'Acknowledges the customer’s frustration' }],
      },
      {
        id: 'compliance',
        name: 'Compliance',
        weight: 0,
        scale: '3-point',
        critical: true,
        naAllowed: true,
        checklist: [{ id: 'no-card-numbers', text: 'Never asks for a full card number' }],
      },
    ],
    ...overrides,
  };
}

/** A temp folder holding these files (name → YAML document or raw text). */
export function scorecardFolder(files: Record<string, Record<string, unknown> | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-scorecards-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  return dir;
}
