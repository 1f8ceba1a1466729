import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectors } from '../../connectors/index.js';
import { buildConfigSchema, configJsonSchema } from '../../shared/config/index.js';
import { Comment, Organization, Person, SlaTarget, Ticket } from '../../shared/domain/index.js';
import { createLogger } from '../../shared/log/logger.js';
import type { Store } from '../../shared/store/index.js';
import type { ConnectorDefinition, RunningSandbox } from '../../shared/sync/index.js';
import { runJob } from '../../shared/sync/index.js';
import { freshStore } from '../helpers/databases.js';
import { testConnector } from '../helpers/test-connector.js';

/**
 * The contract every connector in the registry must keep (plus the test connector, so the suite
 * itself is always exercised). A new CRM passes this unchanged or it is not done.
 */
const subjects: ConnectorDefinition<never>[] = [...connectors, testConnector];
const silent = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

async function* all<T>(iterable: AsyncGenerator<T>): AsyncGenerator<T> {
  yield* iterable;
}

describe.each(subjects.map((c) => [c.kind, c] as const))('connector contract: %s', (kind, connector) => {
  it('has a unique kind and uniquely named streams with checkpoint schemas', () => {
    expect(subjects.filter((c) => c.kind === kind)).toHaveLength(1);
    const names = connector.streams.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const stream of connector.streams) expect(stream.checkpointSchema).toBeInstanceOf(z.ZodType);
  });

  it('has a strict connection schema that the config and its JSON Schema take in', () => {
    const info = [
      { kind, configSchema: connector.configSchema, streams: connector.streams.map((s) => s.name) },
    ];
    expect(() => configJsonSchema(info)).not.toThrow();
    const parsed = buildConfigSchema(info).safeParse({
      connections: [{ id: 'x', kind, definitelyNotAKey: 1 }],
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('definitelyNotAKey');
  });

  describe.runIf(connector.sandbox !== undefined)('against its sandbox', () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let sandbox: RunningSandbox;
    const source = `${kind}-contract`;
    const job = {
      id: `${kind}-contract`,
      connection: source,
      streams: connector.streams.map((s) => s.name),
      enabled: true,
      startFrom: '2020-01-01',
    };
    let connection: { id: string } & Record<string, unknown>;

    beforeAll(async () => {
      ({ store, dispose } = await freshStore('sqlite'));
      sandbox = await (connector.sandbox as NonNullable<typeof connector.sandbox>).start({
        size: 120,
        seed: 3,
        rateLimitPerMinute: null,
      });
      connection = { id: source, kind, ...connector.sandbox?.connection(sandbox.url) };
      connector.configSchema.parse(
        Object.fromEntries(Object.entries(connection).filter(([k]) => k !== 'id' && k !== 'kind')),
      );
    }, 60_000);
    afterAll(async () => {
      await sandbox?.close();
      await dispose?.();
    });

    it('syncs every stream into valid domain records of its own source', { timeout: 120_000 }, async () => {
      const result = await runJob({ job, connection, connector, store, log: silent });
      expect(result.error).toBeNull();
      expect(result.counts.upserted).toBeGreaterThan(0);
      const checks = [
        [store.tickets.iterate(), Ticket],
        [store.people.iterate(), Person],
        [store.organizations.iterate(), Organization],
        [store.comments.iterate(), Comment],
        [store.slaTargets.iterate(), SlaTarget],
      ] as const;
      for (const [records, schema] of checks) {
        for await (const record of all(
          records as AsyncGenerator<{ id: string; source: string; externalId: string }>,
        )) {
          expect(schema.safeParse(record).error?.issues ?? []).toEqual([]);
          expect(record.source).toBe(source);
          expect(record.id).toBe(`${source}:${record.externalId}`);
        }
      }
    });

    it('changes nothing on an immediate second run', { timeout: 120_000 }, async () => {
      const tickets = [];
      for await (const t of store.tickets.iterate()) tickets.push(t);
      const again = await runJob({ job, connection, connector, store, log: silent });
      expect(again.error).toBeNull();
      expect(again.counts.upserted).toBe(0);
      expect(again.counts.deleted).toBe(0);
      const after = [];
      for await (const t of store.tickets.iterate()) after.push(t);
      expect(after).toStrictEqual(tickets);
    });

    it('stores a checkpoint for every stream that its schema accepts', async () => {
      for (const stream of connector.streams) {
        const checkpoint = await store.syncState.get(job.id, stream.name);
        expect(checkpoint, `${stream.name} checkpoint`).not.toBeNull();
        expect(stream.checkpointSchema.safeParse(checkpoint).success).toBe(true);
      }
    });
  });
});
