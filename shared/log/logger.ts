import pino from 'pino';
import { maskCardNumbers } from '../privacy/card-numbers.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Exact values never to print (the config's `${ENV}` secrets). */
  secrets?: readonly string[];
  /** Where lines go; standard error by default so command output on stdout stays clean. */
  destination?: pino.DestinationStream;
}

/** Keys whose values are secrets wherever they appear in a log object. */
const SECRET_KEYS = [
  'apiToken',
  'oauthToken',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'privateKey',
  'password',
  'signingSecret',
  'sharedSecret',
  'botToken',
  'appToken',
  'adminToken',
  'authorization',
  'Authorization',
  'token',
  'secret',
];

/**
 * Structured JSON logs (pino). Secrets are removed by key and by value, and card numbers are masked
 * in every line, so neither ever reaches a log file.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const scrub = (line: string): string => {
    let out = maskCardNumbers(line);
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
  const destination = options.destination ?? pino.destination(2);
  const scrubbing: pino.DestinationStream = { write: (line: string) => destination.write(scrub(line)) };
  return pino(
    {
      level: options.level ?? 'info',
      base: { name: 'casebridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
    },
    scrubbing,
  );
}
