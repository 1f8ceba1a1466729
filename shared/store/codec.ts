import type { Dialect } from './database.js';

/** Hides the two stores' differences in booleans and JSON from the repositories. */
export interface Codec {
  bool(value: boolean): number | boolean;
  json(value: unknown): string;
}

export function codecFor(dialect: Dialect): Codec {
  return {
    bool: dialect === 'sqlite' ? (value) => (value ? 1 : 0) : (value) => value,
    json: (value) => JSON.stringify(value),
  };
}

/** PostgreSQL hands JSONB back parsed; SQLite hands TEXT back as a string. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function readBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
