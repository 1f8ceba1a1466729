/** A problem found in the config, located by its path (`connections[1].auth.clientSecret`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

export interface ExpandedConfig {
  value: unknown;
  issues: ConfigIssue[];
  /** Every value that came from the environment: the logger masks these wherever they appear. */
  secrets: string[];
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\$/g;

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of the parsed YAML with the
 * environment's value; `$$` is a literal `$`. An unset variable without a default is an issue at
 * its path — all of them are collected, so one run shows every missing variable.
 */
export function expandEnv(input: unknown, env: NodeJS.ProcessEnv): ExpandedConfig {
  const issues: ConfigIssue[] = [];
  const secrets: string[] = [];

  const visit = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') return expandString(node, path);
    if (Array.isArray(node)) return node.map((item, i) => visit(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, visit(value, [...path, key])]),
      );
    }
    return node;
  };

  const expandString = (text: string, path: (string | number)[]): string =>
    text.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === '$$' || name === undefined) return '$';
      const value = env[name];
      if (value !== undefined && value !== '') {
        secrets.push(value);
        return value;
      }
      if (fallback !== undefined) return fallback;
      issues.push({ path: formatPath(path), message: `\${${name}} is not set` });
      return whole;
    });

  return { value: visit(input, []), issues, secrets };
}

/** `['connections', 1, 'auth', 'clientSecret']` → `connections[1].auth.clientSecret`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}
