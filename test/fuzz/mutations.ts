import fc from 'fast-check';
import { z } from 'zod';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** What the JSON Schema (from the zod schema) says of one field: enough to find its boundaries. */
interface FieldSchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

/** One change to a valid body, as fast-check generated it (shown in a failure's counterexample). */
export type Mutation =
  { kind: 'remove'; path: string[] } | { kind: 'set'; path: string[]; value: Json; why: string } | { kind: 'add'; path: string[]; key: string; value: Json };

/** Every path to a value in a JSON value (objects and arrays included), the root excluded. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** The JSON Schema node of a path, following `properties`, `items` and the first `anyOf` branch that has the key. */
function schemaAt(schema: Record<string, unknown>, path: string[]): FieldSchema {
  let node: Record<string, unknown> | undefined = schema;
  for (const key of path) {
    if (!node) return {};
    const branches = (node.anyOf ?? node.oneOf) as Record<string, unknown>[] | undefined;
    const holder: Record<string, unknown> | undefined = branches
      ? (branches.find((b) => (b.properties as Record<string, unknown> | undefined)?.[key] !== undefined) ?? branches[0])
      : node;
    node = ((holder?.properties as Record<string, Record<string, unknown>> | undefined)?.[key] ?? (holder?.items as Record<string, unknown> | undefined)) as
      Record<string, unknown> | undefined;
  }
  return (node ?? {}) as FieldSchema;
}

/** Characters that break naive code: direction overrides, zero-width, NUL, a BOM, line separators, combining marks, astral, markup. */
const troublesome = ['\u202e', '\u200b', '\u0000', '\ufeff', '\u2028', 'e\u0301', '\u{1f600}', '<script>', '"', '\\', '%00', '\ud83d'];

/** Values of the wrong kind for any field. */
const wrongType: fc.Arbitrary<[Json, string]> = fc.oneof(
  fc.integer().map((v): [Json, string] => [v, 'an integer']),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v): [Json, string] => [v, 'a double']),
  fc.boolean().map((v): [Json, string] => [v, 'a boolean']),
  fc.constant<[Json, string]>([null, 'null']),
  fc.array(fc.string(), { maxLength: 3 }).map((v): [Json, string] => [v, 'an array']),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }).map((v): [Json, string] => [v, 'an object']),
);

/** Values at and past a field's bounds, and strange text, for the field's own schema. */
function edgeValues(field: FieldSchema, current: Json): fc.Arbitrary<[Json, string]> {
  const options: fc.Arbitrary<[Json, string]>[] = [
    fc.constantFrom<[Json, string]>(['', 'empty'], ['   ', 'spaces']),
    fc.string({ unit: 'binary', maxLength: 40 }).map((v): [Json, string] => [v, 'any code points']),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((v): [Json, string] => [v, 'any graphemes']),
    fc
      .tuple(fc.constantFrom(...troublesome), fc.boolean())
      .map(([t, before]): [Json, string] => [before ? `${t}${String(current)}` : `${String(current)}${t}`, `with ${JSON.stringify(t)}`]),
  ];
  if (field.maxLength !== undefined) {
    options.push(
      fc.constantFrom<[Json, string]>(['a'.repeat(field.maxLength), 'at the maximum length'], ['a'.repeat(field.maxLength + 1), 'past the maximum length']),
    );
  }
  if (field.minLength !== undefined && field.minLength > 0)
    options.push(fc.constant<[Json, string]>(['a'.repeat(field.minLength - 1), 'under the minimum length']));
  if (field.enum) options.push(fc.string({ maxLength: 12 }).map((v): [Json, string] => [v, 'not one of the choices']));
  if (field.type === 'number' || field.type === 'integer' || typeof current === 'number') {
    options.push(fc.constantFrom<[Json, string]>([-1, '-1'], [0, '0'], [2 ** 53, '2^53'], [1e308, '1e308'], [0.5, 'a fraction']));
  }
  return fc.oneof(...options);
}

/** Up to three mutations of a valid body, each chosen for a path the body has. */
export function mutationsOf(valid: Json, schema: z.ZodType): fc.Arbitrary<Mutation[]> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const paths = pathsOf(valid);
  const valueAt = (path: string[]) => path.reduce<Json>((v, k) => (v as Record<string, Json>)[k], valid);
  const one: fc.Arbitrary<Mutation> = fc.constantFrom(...paths).chain((path) =>
    fc.oneof(
      fc.constant<Mutation>({ kind: 'remove', path }),
      fc.oneof(wrongType, edgeValues(schemaAt(json, path), valueAt(path))).map(([value, why]): Mutation => ({ kind: 'set', path, value, why })),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, value]): Mutation => ({ kind: 'add', path: path.slice(0, -1), key, value: value as Json })),
    ),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** The body with the mutations applied in order (a path a previous one removed is skipped). */
export function applied(valid: Json, mutations: Mutation[]): Json {
  const body = structuredClone(valid);
  for (const m of mutations) {
    const parent = m.kind === 'add' ? m.path : m.path.slice(0, -1);
    let at: Json = body;
    for (const key of parent) {
      if (at === null || typeof at !== 'object') break;
      at = (at as Record<string, Json>)[key];
    }
    if (at === null || typeof at !== 'object') continue;
    const holder = at as Record<string, Json>;
    // As own properties, so a key such as "__proto__" is sent, not made the object's prototype.
    const set = (key: string, value: Json) => Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
    if (m.kind === 'add') set(m.key, m.value);
    else if (m.kind === 'remove') delete holder[m.path.at(-1)!];
    else set(m.path.at(-1)!, m.value);
  }
  return body;
}
