// The Zendesk sandbox in its own process, so the benchmark's CPU and peak RSS are the sync's alone:
// `tsx sandbox-child.ts SIZE` prints the URL on its first line and serves until killed.
import { startZendeskSandbox } from '../../connectors/zendesk/sandbox/index.js';

const size = Number(process.argv[2] ?? 100_000);
const sandbox = await startZendeskSandbox({ size, seed: 1, rateLimitPerMinute: null });
process.stdout.write(`${sandbox.url}\n`);
process.on('SIGTERM', () => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
