import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('never prints a secret or a card number', () => {
    const { lines, destination } = capture();
    const log = createLogger({ secrets: ['s3cr3t-token-value'], destination });
    log.info(
      { auth: { apiToken: 'abc', email: 'ops@acme.com' }, url: 'https://x/?t=s3cr3t-token-value' },
      'card 4111 1111 1111 1111 seen',
    );
    const line = lines.join('');
    expect(line).not.toContain('s3cr3t-token-value');
    expect(line).not.toContain('4111 1111 1111 1111');
    expect(line).not.toContain('"abc"');
    expect(line).toContain('**** **** **** 1111');
    expect(line).toContain('ops@acme.com');
    expect(JSON.parse(line)).toMatchObject({ auth: { apiToken: '[redacted]' } });
  });
});
