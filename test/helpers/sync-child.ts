// A sync in its own process, so a test can SIGKILL it at any moment: `tsx sync-child.ts DB_URL SOURCE_FILE`.
import { Writable } from 'node:stream';
import { createLogger } from '../../shared/log/logger.js';
import { createStore, migrateToLatest, openDatabase, parseDatabaseUrl } from '../../shared/store/index.js';
import { runJob } from '../../shared/sync/index.js';
import { testConnector } from './test-connector.js';

const [databaseUrl, sourceFile] = process.argv.slice(2);
if (databaseUrl === undefined || sourceFile === undefined)
  throw new Error('usage: sync-child DB_URL SOURCE_FILE');
const database = await openDatabase(parseDatabaseUrl(databaseUrl));
await migrateToLatest(database);
const store = createStore(database);
const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const result = await runJob({
  job: { id: 'test-job', connection: 'test-crm', streams: ['tickets', 'people'], enabled: true },
  connection: { id: 'test-crm', kind: 'test', sourceFile, pageSize: 7, pageDelayMs: 4 },
  connector: testConnector as never,
  store,
  log,
  // One line per committed page lets the parent kill this process mid-sync at a chosen point.
  observer: { onPage: () => process.stdout.write('page\n') },
});
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.status === 'succeeded' ? 0 : 1);
