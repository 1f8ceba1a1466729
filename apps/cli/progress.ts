import type { SyncObserver } from '../../shared/sync/index.js';
import { formatCount, formatDuration } from './output.js';

/**
 * Sync progress for `casebridge sync`. On a terminal: one line per stream, redrawn in place, with
 * records, rate and the time left when the CRM gives a total. Elsewhere (CI, pipes): a plain line
 * per page at most every few seconds, so logs stay readable.
 */
export function syncProgress(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 3000): SyncObserver {
  const tty = stream.isTTY === true;
  let started = Date.now();
  let lastPlain = 0;
  const describe = (jobId: string, name: string, records: number, remaining: number | undefined) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = records / seconds;
    const left =
      remaining !== undefined && rate > 0 ? `, ~${formatDuration((remaining / rate) * 1000)} left` : '';
    return `${jobId} ${name}: ${formatCount(records)} records, ${formatCount(Math.round(rate))}/s${left}`;
  };
  return {
    onStreamStart() {
      started = Date.now();
      lastPlain = 0;
    },
    onPage({ jobId, stream: name, total, remaining }) {
      const records = total.upserted + total.deleted + total.quarantined;
      if (tty) {
        stream.write(`\r\x1b[2K${describe(jobId, name, records, remaining)}`);
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        stream.write(`${describe(jobId, name, records, remaining)}\n`);
      }
    },
    onStreamEnd({ jobId, stream: name, total, durationMs }) {
      const records = total.upserted + total.deleted + total.quarantined;
      const line = `${jobId} ${name}: ${formatCount(records)} records in ${formatDuration(durationMs)}`;
      stream.write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
