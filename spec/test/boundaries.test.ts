// Boundary cases derived from the contract: every length and size limit at the limit and one past it, every
// enum with each allowed value and a bad one, every required field left out, every strict object given an
// unknown field. The bodies are the maximal valid fixtures next to this file.
import { readFileSync } from 'node:fs';
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { createValidator, type OperationId } from '@store-api/validator';
import { isObject, resolvePointer } from '@store-api/validator/contract';
import { describe, expect, it } from 'vitest';
import { type Field, fieldsOf, nameOf, ofLength, withChange } from './support/fields.js';

const validator = createValidator();
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const bodies: Record<OperationId, unknown> = {
  syncStore: fixture('full-sync-store-request.json'),
  updateStore: fixture('full-update-store-request.json'),
};

interface Case {
  readonly name: string;
  readonly body: unknown;
  /** Undefined: the body must be valid. */
  readonly expected?: { readonly field: string; readonly rule: string; readonly message: string };
  /** `expected` is one of the violations (a conditional owner's other rules may add their own). */
  readonly among?: boolean;
  /** The body is valid with exactly this warning. */
  readonly warning?: { readonly field: string; readonly rule: string; readonly message: string };
  /** The field has `x-warn` rules: an accepted value may be warned about there (fixtures/warnings.json has the words). */
  readonly mayWarnAt?: string;
}

/** `value` (an object) grown with a padding key until it serialises to exactly `length` characters. */
function serialisedOfLength(value: Record<string, unknown>, length: number): Record<string, unknown> {
  const base = JSON.stringify({ ...value, pad: '' }).length;
  return { ...value, pad: 'x'.repeat(length - base) };
}

function casesFor(field: Field, body: unknown): Case[] {
  const { schema, path, name, value } = field;
  const cases: Case[] = [];
  if (typeof schema.maxLength === 'number' && typeof value === 'string') {
    const limit = schema.maxLength;
    cases.push({
      name: `accepts ${name} of exactly ${limit} characters`,
      body: withChange(body, path, () => ofLength(value, limit)),
    });
    cases.push({
      name: `rejects ${name} longer than ${limit}`,
      body: withChange(body, path, () => ofLength(value, limit + 1)),
      expected: {
        field: name,
        rule: 'maxLength',
        message: `${name}: must be at most ${limit} characters (got ${limit + 1})`,
      },
    });
  }
  if (schema.minLength === 1 && typeof value === 'string') {
    cases.push({
      name: `rejects an empty ${name}`,
      body: withChange(body, path, () => ''),
      expected: { field: name, rule: 'minLength', message: `${name}: must not be empty` },
    });
  }
  if (typeof schema.maxItems === 'number' && Array.isArray(value) && value.length > 0) {
    const limit = schema.maxItems;
    const filled = (n: number) => Array.from({ length: n }, (_, i) => value[i % value.length]);
    cases.push({
      name: `accepts ${name} with exactly ${limit} items`,
      body: withChange(body, path, () => filled(limit)),
    });
    cases.push({
      name: `rejects ${name} with more than ${limit} items`,
      body: withChange(body, path, () => filled(limit + 1)),
      expected: {
        field: name,
        rule: 'maxItems',
        message: `${name}: must have at most ${limit} items (got ${limit + 1})`,
      },
    });
  }
  if (Array.isArray(schema.enum)) {
    // Where the owner has conditionals (ContentModel, Discount), other values need other sibling fields.
    const conditional = field.owner !== undefined && ('if' in field.owner || 'allOf' in field.owner);
    for (const allowed of conditional ? [] : schema.enum) {
      cases.push({ name: `accepts ${name} ${JSON.stringify(allowed)}`, body: withChange(body, path, () => allowed) });
    }
    const shown = schema.enum.map((v) => JSON.stringify(v)).join(', ');
    cases.push({
      name: `rejects ${name} outside its enum`,
      body: withChange(body, path, () => 'NOT_A_VALUE'),
      expected: { field: name, rule: 'enum', message: `${name}: must be one of ${shown} (got "NOT_A_VALUE")` },
      ...(conditional ? { among: true } : {}),
    });
  }
  if (isObject(value) && Array.isArray(schema.required)) {
    const discriminator = isObject(field.union?.discriminator) ? field.union.discriminator.propertyName : undefined;
    for (const key of schema.required as string[]) {
      const missing = nameOf([...path, key]);
      cases.push({
        name: `rejects ${missing} missing`,
        body: withChange(body, [...path, key], () => undefined),
        expected:
          key === discriminator
            ? { field: missing, rule: 'discriminator', message: `${missing}: is required and must be a string` }
            : { field: missing, rule: 'required', message: `${missing}: is required` },
      });
    }
  }
  const jsonLimit = schema['x-max-json-length'];
  if (typeof jsonLimit === 'number' && isObject(value)) {
    cases.push({
      name: `accepts ${name} of exactly ${jsonLimit} characters once serialised`,
      body: withChange(body, path, () => serialisedOfLength(value, jsonLimit)),
    });
    cases.push({
      name: `rejects ${name} longer than ${jsonLimit} characters once serialised`,
      body: withChange(body, path, () => serialisedOfLength(value, jsonLimit + 1)),
      expected: {
        field: name,
        rule: 'x-max-json-length',
        message: `${name}: must be at most ${jsonLimit} characters once serialised as JSON (got ${jsonLimit + 1})`,
      },
    });
  }
  if (isObject(value) && schema['x-unknown-fields'] === 'warn') {
    const extra = nameOf([...path, 'unexpectedField']);
    const owner = String(schema.title);
    cases.push({
      name: `lets an unknown field in ${name || 'the body'} through, with a warning`,
      body: withChange(body, [...path, 'unexpectedField'], () => 'x'),
      warning: {
        field: extra,
        rule: 'x-unknown-fields',
        message: `${extra}: is not a field of ${owner} that the contract knows (let through: the vendor does not publish its full list)`,
      },
    });
  }
  if (isObject(value) && schema.additionalProperties === false) {
    const extra = nameOf([...path, 'unexpectedField']);
    const owner = typeof schema.title === 'string' ? schema.title : 'this object';
    cases.push({
      name: `rejects an unknown field in ${name || 'the body'}`,
      body: withChange(body, [...path, 'unexpectedField'], () => 'x'),
      expected: { field: extra, rule: 'additionalProperties', message: `${extra}: is not a field of ${owner}` },
    });
  }
  // Where the owner has conditionals (ContentModel, Discount, ScheduleRule), their other rules may add violations.
  const conditional = field.owner !== undefined && ('if' in field.owner || 'allOf' in field.owner);
  const warned = 'x-warn' in schema;
  return cases.map((c) =>
    c.expected !== undefined
      ? conditional
        ? { ...c, among: true }
        : c
      : warned && c.warning === undefined
        ? { ...c, mayWarnAt: name }
        : c,
  );
}

for (const operation of validator.operations) {
  const operationId = operation.operationId as OperationId;
  const body = bodies[operationId];
  const schema = resolvePointer(bundle, operation.request.schemaPointer);
  const cases = [...fieldsOf(bundle, schema, body)].flatMap((field) => casesFor(field, body));

  describe(`${operationId} request boundaries`, () => {
    it('starts from a valid maximal body', () => {
      expect(validator.validateRequest(operationId, body)).toEqual({ valid: true, warnings: [] });
    });

    it('derives cases from the contract for every limited field', () => {
      const names = new Set(cases.map((c) => c.expected?.field ?? c.warning?.field).filter(Boolean));
      const expectedFields =
        operationId === 'syncStore'
          ? [
              'requestId',
              'posAccountId',
              'store.posStoreId',
              'store.status',
              'store.extendInfo.closingEndTimes.unexpectedField',
              'extendInfo',
            ]
          : [
              'appId',
              'storeId',
              'storeType',
              'businessRules',
              'businessRules[0].ruleData → [0].fee.currency',
              'businessRules[1].ruleData → [1].schedules.FIXED[0].startTime',
              'businessRules[1].ruleData → [2].serviceStatus',
              'isDeleted',
            ];
      for (const field of expectedFields) expect(names).toContain(field);
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
      const result = validator.validateRequest(operationId, testCase.body);
      if (testCase.warning !== undefined) expect(result).toEqual({ valid: true, warnings: [testCase.warning] });
      else if (testCase.mayWarnAt !== undefined) {
        expect(result.valid).toBe(true);
        for (const w of result.warnings) expect(w).toMatchObject({ field: testCase.mayWarnAt, rule: 'x-warn' });
      } else if (testCase.expected === undefined) expect(result).toEqual({ valid: true, warnings: [] });
      else if (testCase.among === true) expect(result.valid ? [] : result.violations).toContainEqual(testCase.expected);
      else expect(result).toEqual({ valid: false, violations: [testCase.expected], warnings: [] });
    });
  });
}
