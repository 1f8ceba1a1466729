import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** What the demo tests give `casebridge start` as SLACK_SIGNING_SECRET. */
export const DEMO_SIGNING_SECRET = 'demo-signing-secret-0123456789';

/** Slack's request signature (v0, HMAC-SHA256 of `v0:ts:body`), as Slack sends it. */
export function slackSignedHeaders(
  body: string,
  options: { secret?: string; timestamp?: number; contentType?: string } = {},
): Record<string, string> {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = options.secret ?? DEMO_SIGNING_SECRET;
  return {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

/**
 * Waits until the demo under `dataDir` has finished `runs` successful syncs (the first of both
 * sandboxes by default), so there is data to ask about. Throws after `timeoutMs`, saying so.
 */
export async function waitForDemoSyncs(dataDir: string, runs = 2, timeoutMs = 60_000): Promise<void> {
  const database = new SqliteDatabase(join(dataDir, 'casebridge.db'), { readonly: true });
  try {
    const succeeded = () =>
      Number(
        (
          database.prepare("select count(*) as n from sync_runs where status = 'succeeded'").get() as {
            n: number;
          }
        ).n,
      );
    const deadline = Date.now() + timeoutMs;
    while (succeeded() < runs) {
      if (Date.now() > deadline)
        throw new Error(`the demo finished ${succeeded()} of ${runs} syncs in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    database.close();
  }
}

/** The whole body of a request to a local stand-in (for Slack's response_url and Web API). */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
