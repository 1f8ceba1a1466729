import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexSops, searchSops, snippetToText, suggestSops } from '../../shared/services/sop/index.js';
import type { Store } from '../../shared/store/index.js';
import { freshStore, storeKinds } from '../helpers/databases.js';
import { aTicket } from '../helpers/records.js';
import { CORPUS, sopFolder, sopText, writeSop } from './corpus.js';
import { seededRandom } from './random.js';

const NOW = new Date('2026-02-01T00:00:00Z');

describe.each(await storeKinds())('SOP search on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let folder: string;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    folder = sopFolder(Object.fromEntries(CORPUS.map((spec) => [`${spec.id}.md`, sopText(spec)])));
    const result = await reindexSops(store, folder, { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.added).toHaveLength(CORPUS.length);
  });
  afterAll(async () => dispose());

  it('ranks title matches first and highlights the snippet', async () => {
    const hits = await searchSops(store, 'refund', { now: NOW });
    expect(hits.map((h) => h.sop.id)).toEqual(['refund-request', 'chargeback']);
    expect(snippetToText(hits[0]?.snippet ?? [])).toMatch(/\[refund\]/i);
    expect(hits[0]?.sop.owner).toBe('support-ops@acme.test');
  });

  it('stems, and ranks all-word matches above any-word matches', async () => {
    expect((await searchSops(store, 'refunds')).map((h) => h.sop.id)[0]).toBe('refund-request');
    const hits = await searchSops(store, 'chargeback bank unlock');
    expect(hits.map((h) => h.sop.id)).toEqual(['chargeback', 'account-lockout']);
  });

  it('keeps a quoted phrase together', async () => {
    expect((await searchSops(store, '"card number"')).map((h) => h.sop.id)).toEqual(['chargeback']);
    expect(await searchSops(store, '"number card"')).toEqual([]);
  });

  it('marks stale SOPs', async () => {
    const byId = Object.fromEntries(
      (await searchSops(store, 'account status refund chargeback', { now: NOW })).map((h) => [
        h.sop.id,
        h.stale,
      ]),
    );
    expect(byId).toMatchObject({
      'refund-request': false,
      'account-lockout': true,
      'outage-communication': true,
    });
  });

  it('finds nothing for empty and operator-only queries', async () => {
    for (const query of ['', '   ', '"" AND OR NOT', '*', '-', '()', 'NEAR(', ':^'])
      expect(await searchSops(store, query)).toEqual([]);
  });

  it('never lets user input break the query syntax (property test)', async () => {
    const random = seededRandom(kind === 'sqlite' ? 42 : 43);
    const pieces = [
      '"',
      "'",
      '*',
      '-',
      '+',
      '(',
      ')',
      ':',
      '^',
      'AND',
      'OR',
      'NOT',
      'NEAR',
      '|',
      '&',
      '!',
      '<->',
      '\\',
      '{',
      '}',
      ';',
      '--',
      '\0',
      'refund',
      'card',
      'é',
      '日本',
      ' ',
      ' ',
      '%',
      '_',
      'NEAR/2',
      '$1',
      "''",
    ];
    for (let i = 0; i < 200; i++) {
      const query = Array.from({ length: random.int(0, 12) }, () =>
        random.next() < 0.2 ? String.fromCharCode(random.int(1, 0x2fff)) : random.pick(pieces),
      ).join(random.next() < 0.5 ? '' : ' ');
      const hits = await searchSops(store, query, { limit: 5 });
      expect(Array.isArray(hits), query).toBe(true);
      await suggestSops(store, {
        subject: query,
        description: query,
        tags: [query],
        channel: 'email',
        priority: null,
        groupId: null,
      });
    }
  });

  it('suggests rule matches first, then text matches', async () => {
    const refund = aTicket({
      externalId: '1',
      subject: 'Where is my money back?',
      description: 'I returned the shoes',
      tags: [],
    });
    const suggestions = await suggestSops(store, refund, { now: NOW });
    expect(suggestions[0]?.sop.id).toBe('refund-request');
    expect(suggestions[0]?.reasons).toContain('keyword "money back"');

    const dispute = aTicket({
      externalId: '2',
      subject: 'Bank says disputed',
      tags: ['dispute'],
      priority: 'urgent',
    });
    const ids = (await suggestSops(store, dispute)).map((s) => s.sop.id);
    expect(ids.slice(0, 2).sort()).toEqual(['chargeback', 'outage-communication']);

    const lockedPhone = aTicket({ externalId: '3', subject: 'I am locked out', channel: 'phone' });
    const phone = await suggestSops(store, lockedPhone);
    expect(phone.find((s) => s.sop.id === 'account-lockout')?.reasons).toEqual(['text']);
    const lockedChat = await suggestSops(store, { ...lockedPhone, channel: 'chat' });
    expect(lockedChat[0]?.sop.id).toBe('account-lockout');
    expect(lockedChat[0]?.reasons).toEqual(['keyword "locked out"', 'channel chat', 'text']);
  });

  it('reindexes only what changed', async () => {
    const again = await reindexSops(store, folder, { now: NOW });
    expect(again).toMatchObject({
      added: [],
      updated: [],
      removed: [],
      unchanged: CORPUS.length,
      errors: [],
    });

    const [first] = CORPUS;
    if (first === undefined) throw new Error('empty corpus');
    writeSop(folder, 'refund-request.md', sopText({ ...first, title: 'Refund request (EU)' }));
    writeSop(
      folder,
      'new.md',
      sopText({ id: 'data-deletion', title: 'Data deletion request', body: 'Erase personal data.' }),
    );
    rmSync(join(folder, 'outage-communication.md'));
    writeSop(folder, 'chargeback.md', '---\nid: chargeback\ntitle: [broken\n---\n');
    const changed = await reindexSops(store, folder, { now: NOW });
    expect(changed).toMatchObject({
      added: ['data-deletion'],
      updated: ['refund-request'],
      removed: ['outage-communication'],
      unchanged: 1,
    });
    expect(changed.errors.map((e) => e.path)).toEqual(['chargeback.md']);
    expect((await searchSops(store, 'EU'))[0]?.sop.title).toBe('Refund request (EU)');
    expect(await searchSops(store, 'status page')).toEqual([]);
    // The broken edit keeps the last good chargeback SOP searchable.
    expect((await searchSops(store, 'chargeback'))[0]?.sop.id).toBe('chargeback');
    expect((await searchSops(store, 'erase')).map((h) => h.sop.id)).toEqual(['data-deletion']);
  });
});
