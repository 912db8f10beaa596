// Walks a schema and a valid body together, yielding every field the body holds with the schema that governs
// it, so boundary cases are derived from the contract instead of copied from it. A string whose schema has a
// contentSchema (ruleData) is parsed and walked too.
import { deref, isObject, type JsonObject } from '@store-api/validator/contract';

/** Marks the step from a JSON-in-a-string field into the document it carries. */
export const INTO_CONTENT = Symbol('into content');
export type Step = string | number | typeof INTO_CONTENT;

export interface Field {
  readonly path: readonly Step[];
  /** The field as a violation names it, e.g. `businessRules[0].ruleData → [0].fee`. */
  readonly name: string;
  readonly schema: JsonObject;
  readonly value: unknown;
  /** When `schema` is one branch of a oneOf, the oneOf schema (which holds the discriminator). */
  readonly union?: JsonObject;
  /** The object schema whose property this field is. */
  readonly owner?: JsonObject;
}

export function nameOf(path: readonly Step[]): string {
  let out = '';
  let segment = '';
  for (const step of path) {
    if (step === INTO_CONTENT) {
      out += `${segment} → `;
      segment = '';
    } else if (typeof step === 'number') segment += `[${step}]`;
    else segment += segment === '' ? step : `.${step}`;
  }
  // The document inside a JSON-in-a-string field is named as that field: `businessRules[0].ruleData`.
  return segment === '' ? out.replace(/ → $/, '') : out + segment;
}

function branchFor(document: unknown, schema: JsonObject, value: unknown): JsonObject | undefined {
  if (!Array.isArray(schema.oneOf) || !isObject(value)) return undefined;
  for (const raw of schema.oneOf) {
    const branch = deref(document, raw);
    if (!isObject(branch) || !isObject(branch.properties)) continue;
    const consts = Object.entries(branch.properties).filter(([, p]) => isObject(p) && p.const !== undefined);
    if (consts.every(([key, p]) => isObject(p) && value[key] === p.const)) return branch;
  }
  return undefined;
}

/** A schema that refines another (`allOf: [{$ref}, {…tighter…}]`, a scene's schedule document): the one it refines. */
function refinedFrom(document: unknown, schema: JsonObject): JsonObject | undefined {
  if (schema.items !== undefined || schema.properties !== undefined || !Array.isArray(schema.allOf)) return undefined;
  const base = schema.allOf.find((part) => isObject(part) && typeof part.$ref === 'string');
  const resolved = base === undefined ? undefined : deref(document, base);
  return isObject(resolved) ? resolved : undefined;
}

export function* fieldsOf(
  document: unknown,
  rawSchema: unknown,
  value: unknown,
  path: readonly Step[] = [],
  owner?: JsonObject,
): Generator<Field> {
  const resolved = deref(document, rawSchema);
  if (!isObject(resolved)) return;
  const schema = branchFor(document, resolved, value) ?? refinedFrom(document, resolved) ?? resolved;
  yield {
    path,
    name: nameOf(path),
    schema,
    value,
    ...(schema === resolved ? {} : { union: resolved }),
    ...(owner === undefined ? {} : { owner }),
  };
  if (typeof value === 'string' && isObject(schema.contentSchema)) {
    yield* fieldsOf(document, schema.contentSchema, JSON.parse(value), [...path, INTO_CONTENT]);
    return;
  }
  if (isObject(value) && isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (key in value) yield* fieldsOf(document, sub, value[key], [...path, key], schema);
    }
  }
  // A map (schedules: day → periods): each entry against additionalProperties.
  if (isObject(value) && isObject(schema.additionalProperties)) {
    const known = isObject(schema.properties) ? schema.properties : {};
    for (const [key, item] of Object.entries(value)) {
      if (!(key in known)) yield* fieldsOf(document, schema.additionalProperties, item, [...path, key]);
    }
  }
  // Every item, so each rule document of businessRules and each form of a schedule is reached.
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [index, item] of value.entries()) yield* fieldsOf(document, schema.items, item, [...path, index]);
  }
}

/** A copy of `body` with the value at `path` changed by `change` (which returns the new value, or undefined to delete). */
export function withChange(body: unknown, path: readonly Step[], change: (old: unknown) => unknown): unknown {
  const [step, ...rest] = path;
  if (step === undefined) return change(body);
  if (step === INTO_CONTENT) return JSON.stringify(withChange(JSON.parse(String(body)), rest, change));
  if (Array.isArray(body)) return body.map((item, i) => (i === step ? withChange(item, rest, change) : item));
  if (!isObject(body)) throw new Error(`cannot step into ${typeof body} at ${String(step)}`);
  const copy: JsonObject = { ...body };
  const next = withChange(body[step as string], rest, change);
  if (next === undefined) delete copy[step as string];
  else copy[step as string] = next;
  return copy;
}

/** `text` made exactly `length` characters long by cutting it or repeating its last character, so its pattern still holds. */
export function ofLength(text: string, length: number): string {
  const chars = [...(text === '' ? 'a' : text)];
  const last = chars[chars.length - 1] ?? 'a';
  while (chars.length < length) chars.push(last);
  return chars.slice(0, length).join('');
}
