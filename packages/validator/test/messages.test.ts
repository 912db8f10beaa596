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

  it.each([
    ['x-unknown-fields', { type: 'object', 'x-unknown-fields': true }, 'x-unknown-fields value must be ["string"]'],
    [
      'x-pattern-words',
      { type: 'string', pattern: 'x', 'x-pattern-words': 5 },
      'x-pattern-words value must be ["string"]',
    ],
    ['x-max-json-length', { type: 'object', 'x-max-json-length': '10' }, 'x-max-json-length value must be ["number"]'],
    ['contentSchema', { type: 'string', contentSchema: 'Items' }, 'contentSchema value must be ["object"]'],
    [
      'contentSchema',
      { type: 'string', contentSchema: { $ref: 'https://example.com/items.json' } },
      'contentSchema must be a $ref to a schema of the document',
    ],
  ])(
    'refuses a %s of the wrong kind when the schema is first used, naming the keyword',
    (_keyword, schema, message) => {
      expect(() => createValidator(withSchema('Open', schema)).validateSchema('Open', {})).toThrow(message);
    },
  );

  it("refuses a contentSchema $ref to a schema the document lacks when a field's document is first checked, naming it", () => {
    const broken = createValidator(
      withSchema('Open', {
        type: 'string',
        contentMediaType: 'application/json',
        contentSchema: { $ref: '#/components/schemas/Missing' },
      }),
    );
    expect(broken.validateSchema('Open', 1)).toMatchObject({ valid: false });
    expect(() => broken.validateSchema('Open', '[]')).toThrow(new UnknownSchemaError('#/components/schemas/Missing'));
  });

  it('reads a discriminator with a mapping wherever it sits, inside a list of schemas too', () => {
    const rule = document.components.schemas.Rule;
    const listed = createValidator(
      withSchema('Open', { allOf: [{ ...rule, oneOf: [{ $ref: '#/components/schemas/HoursRule' }] }] }),
    );
    expect(listed.validateSchema('Open', { scene: 'DISTANCE' })).toEqual({
      valid: false,
      violations: [
        { field: 'scene', rule: 'discriminator', message: 'scene: must be one of "HOURS" (got "DISTANCE")' },
      ],
      warnings: [],
    });
  });

  it('lists the values a discriminator accepts from branches naming them by const or by enum', () => {
    const either = createValidator(
      withSchema('Open', {
        ...document.components.schemas.Rule,
        discriminator: { propertyName: 'scene' },
        oneOf: [{ $ref: '#/components/schemas/HoursRule' }, { properties: { scene: { enum: ['A', 'B'] } } }],
      }),
    );
    expect(either.validateSchema('Open', { scene: 'X' })).toEqual({
      valid: false,
      violations: [
        { field: 'scene', rule: 'discriminator', message: 'scene: must be one of "HOURS", "A", "B" (got "X")' },
      ],
      warnings: [],
    });
    expect(either.validateSchema('Open', { scene: 'B' })).toEqual({ valid: true, warnings: [] });
  });

  it.each([
    {
      name: 'an unknown field of an object without a title, with a guess',
      schema: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false },
      given: { citi: 'x' },
      want: [
        {
          field: 'citi',
          rule: 'additionalProperties',
          message: 'citi: is not a field of this object; did you mean city?',
        },
      ],
    },
    {
      name: 'an unknown field of an object that names no field',
      schema: { type: 'object', additionalProperties: false },
      given: { city: 'x' },
      want: [{ field: 'city', rule: 'additionalProperties', message: 'city: is not a field of this object' }],
    },
    {
      name: 'a number at an exclusive minimum, with the comparison',
      schema: { type: 'number', exclusiveMinimum: 0 },
      given: 0,
      want: [{ field: '(body)', rule: 'exclusiveMinimum', message: '(body): must be > 0 (got 0)' }],
    },
    {
      name: 'a field an if/then makes required, without the summary of the if',
      schema: document.components.schemas.Sized,
      given: { kind: 'big' },
      want: [{ field: 'size', rule: 'required', message: 'size: is required' }],
    },
    {
      name: 'a value no branch of a oneOf accepts, by each branch, without the summary of the oneOf',
      schema: { type: 'string', oneOf: [{ maxLength: 2 }, { pattern: '^a' }] },
      given: 'xyz',
      want: [
        { field: '(body)', rule: 'maxLength', message: '(body): must be at most 2 characters (got 3)' },
        { field: '(body)', rule: 'pattern', message: '(body): must match ^a (got "xyz")' },
      ],
    },
  ])('refuses $name', ({ schema, given, want }) => {
    expect(createValidator(withSchema('Open', schema)).validateSchema('Open', given)).toEqual({
      valid: false,
      violations: want,
      warnings: [],
    });
  });

  it('refuses $refs nested deeper than 64 inside lists of schemas too, when the validator is made', () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 70; i++) schemas[`S${i}`] = { allOf: [{ $ref: `#/components/schemas/S${i + 1}` }] };
    schemas.S70 = { type: 'string' };
    expect(() => createValidator({ ...document, paths: {}, components: { schemas } })).toThrow(
      'a $ref chain deeper than 64 (a cycle?)',
    );
  });

  it('makes a validator for a document with a $ref to another document, failing only the schema that uses it', () => {
    const partial = createValidator(withSchema('Open', { $ref: 'https://example.com/open.json' }));
    expect(partial.validateSchema('Shop', { name: 'a' })).toEqual({ valid: true, warnings: [] });
    expect(() => partial.validateSchema('Open', {})).toThrow('https://example.com/open.json');
  });

  it('makes a validator for a document with top-level fields JSON Schema knows (externalDocs)', () => {
    const documented = createValidator({ ...document, externalDocs: { url: 'https://example.com' } });
    expect(documented.validateSchema('Shop', {})).toEqual({
      valid: false,
      violations: [{ field: 'name', rule: 'required', message: 'name: is required' }],
      warnings: [],
    });
  });

  it.each([
    ['without components', { openapi: '3.1.0', paths: {} }],
    ['whose components hold no schemas', { openapi: '3.1.0', paths: {}, components: {} }],
  ])('makes a validator for a document %s, refusing every schema name', (_name, bare) => {
    expect(() => createValidator(bare).validateSchema('Shop', {})).toThrow(new UnknownSchemaError('Shop'));
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
