// Where the vendor publishes no rule, a value outside the form its pages show is accepted with a warning that names
// the field and what the pages show (the spec's `x-warn`), and refused only under `warningsAsErrors`. Each such
// body must be valid for the plain JSON Schema too: the bundle is also Prism's, whose strict mode would refuse it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
// The validator's own differential-fuzz oracle (its devDependency, hoisted in the workspace).
import { setShouldValidateFormat, validate } from '@hyperjump/json-schema/openapi-3-1';
import '@hyperjump/json-schema/formats';
import { createValidator, type OperationId } from '@store-api/validator';
import { beforeAll, describe, expect, it } from 'vitest';
import cases from './fixtures/warnings.json' with { type: 'json' };

const validator = createValidator();
const strict = createValidator(undefined, { warningsAsErrors: true });
const all = cases.map((c) => [`${c.id} ${c.rule}`, c] as const);

describe('where the vendor is silent, the contract warns instead of refusing', () => {
  it.each(all)('%s', (_name, c) => {
    expect(validator.validateRequest(c.operation as OperationId, c.body)).toEqual({
      valid: true,
      warnings: c.warnings,
    });
  });
});

describe('warningsAsErrors refuses the same bodies, with the same fields and messages', () => {
  it.each(all)('%s', (_name, c) => {
    expect(strict.validateRequest(c.operation as OperationId, c.body)).toEqual({
      valid: false,
      violations: c.warnings,
      warnings: [],
    });
  });
});

describe('the plain JSON Schema of the bundle accepts every warned body (as Prism reads it)', () => {
  const plain = new Map<string, (value: unknown) => boolean>();
  beforeAll(async () => {
    setShouldValidateFormat(true);
    const bundleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@store-api/spec/openapi.json')).href;
    for (const op of validator.operations) {
      const check = await validate(`${bundleUrl}#${op.request.schemaPointer}`);
      plain.set(op.operationId, (value) => check(value as Parameters<typeof check>[0]).valid);
    }
  }, 60_000);

  it.each(all)('%s', (_name, c) => {
    expect(plain.get(c.operation)?.(c.body)).toBe(true);
  });
});
