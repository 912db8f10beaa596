// No position of the contract accepts a wrong JSON type. A static walk of the bundle checks that every value
// position (bodies, properties, items, map values, the documents inside ruleData, headers) declares its type; a
// dynamic walk puts every other JSON type at every field of the maximal bodies and expects the field named.
import { readFileSync } from 'node:fs';
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { createValidator, type OperationId } from '@store-api/validator';
import { deref, isObject, type JsonObject, resolvePointer } from '@store-api/validator/contract';
import { describe, expect, it } from 'vitest';
import { fieldsOf, withChange } from './support/fields.js';

const validator = createValidator();

/** Every value position reachable from `root`, as `where → schema` (each schema visited once). */
function positions(root: string): Map<string, JsonObject> {
  const found = new Map<string, JsonObject>();
  const seen = new Set<unknown>();
  const visit = (raw: unknown, where: string) => {
    const schema = deref(bundle, raw);
    if (!isObject(schema) || seen.has(schema)) return;
    seen.add(schema);
    found.set(where, schema);
    for (const [key, sub] of Object.entries(isObject(schema.properties) ? schema.properties : {}))
      visit(sub, `${where}.${key}`);
    if (schema.items !== undefined) visit(schema.items, `${where}[]`);
    if (isObject(schema.additionalProperties)) visit(schema.additionalProperties, `${where}.{key}`);
    if (isObject(schema.contentSchema)) visit(schema.contentSchema, `${where} →`);
    for (const branch of Array.isArray(schema.oneOf) ? schema.oneOf : []) {
      const title = deref(bundle, branch);
      visit(branch, `${where}<${isObject(title) ? String(title.title) : '?'}>`);
    }
    // A schema refining another (a scene's schedule document refines ScheduleRuleData): the one it refines.
    for (const part of Array.isArray(schema.allOf) ? schema.allOf : [])
      if (isObject(part) && typeof part.$ref === 'string') visit(part, `${where}&`);
    // The JSON-in-a-string documents that only conditionals reach (a REDUCE discount's Amount).
    for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
      const then = isObject(part) && isObject(part.then) ? part.then : {};
      for (const [key, sub] of Object.entries(isObject(then.properties) ? then.properties : {}))
        if (isObject(sub) && isObject(sub.contentSchema)) visit(sub.contentSchema, `${where}.${key} →`);
    }
  };
  visit(resolvePointer(bundle, root), root);
  return found;
}

describe('every value position declares its JSON type', () => {
  const roots = validator.operations.flatMap((op) => [
    op.request.schemaPointer,
    ...Object.values(op.responses).map((r) => r.schemaPointer),
    ...op.headers.flatMap((h) => (h.schemaPointer === undefined ? [] : [h.schemaPointer])),
  ]);
  const all = new Map(roots.flatMap((root) => [...positions(root)]));

  it('reaches the documents inside ruleData and discountValue', () => {
    const titles = new Set([...all.values()].map((s) => s.title));
    for (const title of ['ScheduleRule', 'DeliveryDistanceRule', 'Amount', 'DineInOrderRuleData', 'BusinessRule'])
      expect(titles).toContain(title);
  });

  it.each([...all].map(([where, schema]) => [where, schema] as const))('%s has a type', (_where, schema) => {
    expect(schema.type).toBeDefined();
  });

  it.each(
    [...all].filter(([, s]) => s.type === 'object' && !Array.isArray(s.oneOf) && !isObject(s.additionalProperties)),
  )('%s says whether its field list is complete', (_where, schema) => {
    // additionalProperties: false (the vendor's list is complete) or x-unknown-fields (warn, or allow a free bag).
    const stated =
      schema.additionalProperties === false || ['warn', 'allow'].includes(String(schema['x-unknown-fields']));
    expect(stated).toBe(true);
  });
});

const SAMPLES: readonly [string, unknown][] = [
  ['null', null],
  ['boolean', true],
  ['integer', 7],
  ['number', 1.5],
  ['string', 'x'],
  ['array', []],
  ['object', {}],
];
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const bodies: Record<OperationId, unknown> = {
  syncStore: fixture('full-sync-store-request.json'),
  updateStore: fixture('full-update-store-request.json'),
};

describe('every field of the maximal bodies refuses every other JSON type', () => {
  for (const operation of validator.operations) {
    const operationId = operation.operationId as OperationId;
    const body = bodies[operationId];
    const schema = resolvePointer(bundle, operation.request.schemaPointer);
    const cases = [...fieldsOf(bundle, schema, body)].flatMap((field) => {
      const types = Array.isArray(field.schema.type) ? field.schema.type : [field.schema.type];
      const allowed = (type: string) => types.includes(type) || (type === 'integer' && types.includes('number'));
      return SAMPLES.filter(([type]) => !allowed(type)).map(
        ([type, value]) => [`${field.name || '(body)'} as ${type}`, field, value] as const,
      );
    });

    it(`${operationId}: derives a case for every field`, () => {
      expect(cases.length).toBeGreaterThan(operationId === 'syncStore' ? 50 : 500);
    });

    it.each(cases)(`${operationId}: rejects %s`, (_name, field, value) => {
      const result = validator.validateRequest(
        operationId,
        withChange(body, field.path, () => value),
      );
      expect(result.valid).toBe(false);
      // The document inside ruleData is named as the ruleData field itself.
      const name = field.name || '(body)';
      const named = result.valid ? [] : result.violations.filter((v) => v.field === name);
      // The discriminator reports a scene that is not a string itself.
      expect(named.map((v) => v.rule)).toContainEqual(expect.stringMatching(/^(type|discriminator|contentMediaType)$/));
    });
  }
});
