// What a partner reads when a body breaks a rule: for each JSON Schema keyword, the field (in the body's own
// notation), the rule and the message, on a minimal document made for it (fixtures/keywords.json).
import { describe, expect, it } from 'vitest';
import { createValidator, UnknownOperationError, UnknownSchemaError } from '../src/index.js';
import document from './fixtures/keywords.json' with { type: 'json' };
import table from './fixtures/messages.json' with { type: 'json' };

// Made afresh for each check, so that what the validator does when it is made is part of every test.
const validator = () => createValidator(document);
const strict = () => createValidator(document, { warningsAsErrors: true });

/** A copy of the fixture document with one schema replaced, for a case that needs a schema of its own. */
const withSchema = (name: string, schema: unknown) => ({
  ...document,
  components: { schemas: { ...document.components.schemas, [name]: schema } },
});

/** Schemas S0 … S<depth>, each holding the next as a property through a $ref. */
const nestedRefs = (depth: number) => {
  const schemas: Record<string, unknown> = { ...document.components.schemas };
  for (let i = 0; i < depth; i++)
    schemas[`S${i}`] = { type: 'object', properties: { next: { $ref: `#/components/schemas/S${i + 1}` } } };
  schemas[`S${depth}`] = { type: 'string' };
  return { ...document, components: { schemas } };
};

describe('refusals name the field, the rule and what is wrong', () => {
  it.each(table.refusals)('$name', ({ given, want }) => {
    expect(validator().validateSchema('Shop', given)).toEqual(
      want.length === 0 ? { valid: true, warnings: [] } : { valid: false, violations: want, warnings: [] },
    );
  });
});

describe('warnings name the field and let the body through', () => {
  it.each(table.warnings)('$name', ({ given, want }) => {
    expect(validator().validateSchema('Shop', given)).toEqual({ valid: true, warnings: want });
  });

  it.each(table.warnings)('refuses under warningsAsErrors with the same words: $name', ({ given, want }) => {
    expect(strict().validateSchema('Shop', given)).toEqual({ valid: false, violations: want, warnings: [] });
  });

  it('keeps both a refusal and a warning about different fields of one body', () => {
    expect(validator().validateSchema('Shop', { name: 'a', address: { city: 1, citi: 'x' } })).toEqual({
      valid: false,
      violations: [{ field: 'address.city', rule: 'type', message: 'address.city: must be a string (got 1)' }],
      warnings: [expect.objectContaining({ field: 'address.citi', rule: 'x-unknown-fields' })],
    });
  });

  it('lists warnings after the violations under warningsAsErrors', () => {
    expect(strict().validateSchema('Shop', { address: { citi: 'x' } })).toEqual({
      valid: false,
      violations: [
        { field: 'name', rule: 'required', message: 'name: is required' },
        expect.objectContaining({ field: 'address.citi', rule: 'x-unknown-fields' }),
      ],
      warnings: [],
    });
  });

  it('says nothing of an unknown field where the contract allows any (x-unknown-fields: allow)', () => {
    expect(validator().validateSchema('Open', { city: 'x', zz: 1 })).toEqual({ valid: true, warnings: [] });
  });

  it('starts each validation with no warnings left from the one before', () => {
    expect(validator().validateSchema('Shop', { name: 'a', address: { citi: 'x' } }).warnings).toHaveLength(1);
    expect(validator().validateSchema('Shop', { name: 'a' })).toEqual({ valid: true, warnings: [] });
  });
});

describe('operations', () => {
  it('checks a request body against its operation', () => {
    expect(validator().validateRequest('putShop' as never, { name: 'abcdef' })).toEqual({
      valid: false,
      violations: [{ field: 'name', rule: 'maxLength', message: 'name: must be at most 5 characters (got 6)' }],
      warnings: [],
    });
  });

  it('checks a response against the 200 answer unless told another status', () => {
    expect(validator().validateResponse('putShop' as never, {})).toEqual({
      valid: false,
      violations: [{ field: 'result', rule: 'required', message: 'result: is required' }],
      warnings: [],
    });
    expect(validator().validateResponse('putShop' as never, {}, '400')).toEqual({
      valid: false,
      violations: [{ field: 'problem', rule: 'required', message: 'problem: is required' }],
      warnings: [],
    });
  });

  it('refuses a status the operation does not document, naming the operation and the status', () => {
    expect(() => validator().validateResponse('putShop' as never, {}, '500')).toThrow(UnknownSchemaError);
    expect(() => validator().validateResponse('putShop' as never, {}, '500')).toThrow(
      'the contract has no schema "putShop response 500"',
    );
  });

  it('refuses an operation the contract does not have, naming it', () => {
    for (const check of [
      () => validator().validateRequest('syncStore', {}),
      () => validator().validateResponse('syncStore', {}),
      () => validator().validateHeaders('syncStore', {}),
    ]) {
      expect(check).toThrow(UnknownOperationError);
      expect(check).toThrow('the contract has no operation "syncStore"');
    }
  });
});

describe('the document itself', () => {
  it('refuses an x-unknown-fields policy other than warn or allow when the schema is first used', () => {
    const broken = createValidator(withSchema('Open', { type: 'object', 'x-unknown-fields': 'deny' }));
    expect(() => broken.validateSchema('Open', {})).toThrow('x-unknown-fields must be warn or allow (got deny)');
  });

  it('refuses a contentSchema that is not a $ref into the document when the schema is first used', () => {
    const broken = createValidator(
      withSchema('Open', { type: 'string', contentMediaType: 'application/json', contentSchema: { type: 'array' } }),
    );
    expect(() => broken.validateSchema('Open', '[]')).toThrow(
      'contentSchema must be a $ref to a schema of the document',
    );
  });

  it('refuses $refs nested deeper than 64, when the validator is made', () => {
    expect(() => createValidator(nestedRefs(70))).toThrow('a $ref chain deeper than 64 (a cycle?)');
  });

  it('follows $refs nested to the bound', () => {
    expect(createValidator(nestedRefs(64)).validateSchema('S0', 1)).toEqual({
      valid: false,
      violations: [{ field: '(body)', rule: 'type', message: '(body): must be an object (got 1)' }],
      warnings: [],
    });
  });
});

describe('what a caller can tell apart', () => {
  it('names its errors by class, so a log says which', () => {
    expect(() => validator().validateRequest('syncStore', {})).toThrow(
      expect.objectContaining({ name: 'UnknownOperationError', operationId: 'syncStore' }),
    );
    expect(() => validator().validateSchema('Nothing', {})).toThrow(
      expect.objectContaining({ name: 'UnknownSchemaError', schemaName: 'Nothing' }),
    );
  });

  it("reads the contract's limits when asked, from the bundle by default", () => {
    expect(createValidator().limits).toEqual({ requestId: 255, resultMessage: 256 });
  });

  it('makes a validator for a document without those limits, refusing only to read them', () => {
    const minimal = validator();
    expect(minimal.validateSchema('Shop', { name: 'a' }).valid).toBe(true);
    expect(() => minimal.limits).toThrow('the contract has nothing at #/components/schemas/SyncStoreRequest');
  });
});
