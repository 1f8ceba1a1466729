import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Person, Ticket } from '../../shared/domain/index.js';
import {
  defineConnector,
  defineStream,
  type Page,
  type PageRecords,
  type QuarantineEntry,
} from '../../shared/sync/index.js';
import { buildSourceLog } from './source-log.js';

/**
 * A CRM made of an event log in a JSON file: each entry upserts or deletes a record. The test
 * connector pages through it like a real incremental export (offset checkpoint), validates each
 * raw record with zod and quarantines the bad ones — the same shape the real connectors have.
 */
export interface SourceLog {
  tickets: SourceEntry[];
  people: SourceEntry[];
}
export type SourceEntry = { op: 'upsert'; record: unknown } | { op: 'delete'; externalId: string };

const TestConnection = z.strictObject({
  sourceFile: z.string(),
  pageSize: z.number().int().min(1).default(25),
  /** Pause between pages, so a test can kill the process mid-sync. */
  pageDelayMs: z.number().int().min(0).default(0),
  /** Throw after this many pages of the tickets stream (a CRM failing mid-sync). */
  failAfterPages: z.number().int().min(1).optional(),
});
type TestConnection = z.infer<typeof TestConnection> & { id: string };

const Offset = z.strictObject({ offset: z.number().int().min(0) });

function entityStream<T extends { externalId: string }>(name: 'tickets' | 'people', schema: z.ZodType<T>) {
  return defineStream<TestConnection, z.infer<typeof Offset>>({
    name,
    checkpointSchema: Offset,
    async *read({ connection, checkpoint, source }) {
      const log = JSON.parse(readFileSync(connection.sourceFile, 'utf8')) as SourceLog;
      const entries = log[name];
      let offset = checkpoint?.offset ?? 0;
      let pages = 0;
      while (offset < entries.length) {
        if (
          name === 'tickets' &&
          connection.failAfterPages !== undefined &&
          pages >= connection.failAfterPages
        ) {
          throw new Error('503 Service Unavailable from the test CRM');
        }
        const slice = entries.slice(offset, offset + connection.pageSize);
        const records: T[] = [];
        const deletes: string[] = [];
        const quarantined: QuarantineEntry[] = [];
        for (const entry of slice) {
          if (entry.op === 'delete') {
            deletes.push(entry.externalId);
            continue;
          }
          const parsed = schema.safeParse(entry.record);
          if (parsed.success)
            records.push({ ...parsed.data, source, id: `${source}:${parsed.data.externalId}` });
          else {
            const externalId = (entry.record as { externalId?: unknown }).externalId;
            quarantined.push({
              externalId: typeof externalId === 'string' ? externalId : null,
              reason: parsed.error.issues[0]?.message ?? 'invalid',
              raw: entry.record,
            });
          }
        }
        offset += slice.length;
        pages += 1;
        yield {
          records: { [name]: records } as PageRecords,
          deletes: { [name]: deletes },
          quarantined,
          checkpoint: { offset },
          remaining: entries.length - offset,
        } satisfies Page<{ offset: number }>;
        if (connection.pageDelayMs > 0) await sleep(connection.pageDelayMs);
      }
    },
  });
}

export const testConnector = defineConnector<TestConnection>({
  kind: 'test',
  configSchema: TestConnection,
  streams: [entityStream('tickets', Ticket), entityStream('people', Person)],
  // The test CRM's "sandbox" is its source file: a deterministic event log written to a temp dir.
  sandbox: {
    async start(options = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'casebridge-test-crm-'));
      const file = join(dir, 'source.json');
      writeFileSync(
        file,
        JSON.stringify(buildSourceLog('sandbox', options.size ?? 120, options.seed ?? 5).log),
      );
      return { url: file, close: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    connection: (url) => ({ sourceFile: url, pageSize: 25 }),
  },
  async check(connection) {
    try {
      readFileSync(connection.sourceFile);
      return { ok: true, message: `source file ${connection.sourceFile} is readable` };
    } catch {
      return { ok: false, message: `cannot read ${connection.sourceFile}`, hint: 'fix sourceFile' };
    }
  },
});
