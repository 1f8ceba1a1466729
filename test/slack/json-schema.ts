/**
 * The subset of JSON Schema draft-07 that Slack's manifest schema uses: type, enum, required,
 * properties, patternProperties, additionalProperties, items, min/max (Length, Items, Properties),
 * pattern, uniqueItems, anyOf, local `$ref`, and `format: uri` (checked loosely). ajv is not a
 * dependency, and a manifest check needs no more than this. Unknown keywords are ignored, as ajv
 * does outside strict mode.
 */
type Schema = { [key: string]: unknown };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, actual: string): boolean {
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

export function validateJsonSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const path = ref.replace(/^#\//, '').split('/');
    let node: unknown = root;
    for (const part of path) node = (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return node as Schema;
  };
  const check = (schema: Schema, v: unknown, at: string): void => {
    if (typeof schema.$ref === 'string') {
      check(resolve(schema.$ref), v, at);
      return;
    }
    const actual = typeOf(v);
    if (schema.type !== undefined && !typeMatches(schema.type, actual)) {
      errors.push(`${at}: expected ${JSON.stringify(schema.type)}, got ${actual}`);
      return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
      errors.push(`${at}: not one of ${JSON.stringify(schema.enum)}`);
    if (Array.isArray(schema.anyOf)) {
      const passes = (schema.anyOf as Schema[]).some(
        (s) => validateJsonSchema({ ...root, ...s }, v).length === 0,
      );
      if (!passes) errors.push(`${at}: matches none of anyOf`);
    }
    if (actual === 'string') checkString(schema, v as string, at);
    if (actual === 'array') checkArray(schema, v as unknown[], at);
    if (actual === 'object') checkObject(schema, v as Record<string, unknown>, at);
  };
  const checkString = (schema: Schema, s: string, at: string) => {
    if (typeof schema.minLength === 'number' && s.length < schema.minLength)
      errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && s.length > schema.maxLength)
      errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(s))
      errors.push(`${at}: does not match ${schema.pattern}`);
    if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(s)) errors.push(`${at}: not a URI`);
  };
  const checkArray = (schema: Schema, a: unknown[], at: string) => {
    if (typeof schema.minItems === 'number' && a.length < schema.minItems)
      errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && a.length > schema.maxItems)
      errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(a.map((x) => JSON.stringify(x))).size !== a.length)
      errors.push(`${at}: items not unique`);
    if (schema.items !== undefined && !Array.isArray(schema.items))
      for (const [i, x] of a.entries()) check(schema.items as Schema, x, `${at}[${i}]`);
  };
  const checkObject = (schema: Schema, o: Record<string, unknown>, at: string) => {
    const keys = Object.keys(o);
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in o)) errors.push(`${at}: missing ${key}`);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties)
      errors.push(`${at}: too few properties`);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties)
      errors.push(`${at}: too many properties`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    const patterns = Object.entries((schema.patternProperties as Record<string, Schema> | undefined) ?? {});
    for (const key of keys) {
      const child = `${at}.${key}`;
      let matched = false;
      if (properties[key] !== undefined) {
        matched = true;
        check(properties[key], o[key], child);
      }
      for (const [pattern, sub] of patterns) {
        if (new RegExp(pattern, 'u').test(key)) {
          matched = true;
          check(sub, o[key], child);
        }
      }
      if (matched) continue;
      if (schema.additionalProperties === false) errors.push(`${child}: unknown property`);
      else if (typeof schema.additionalProperties === 'object')
        check(schema.additionalProperties as Schema, o[key], child);
    }
  };
  check(root, value, '$');
  return errors;
}
