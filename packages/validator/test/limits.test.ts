// The bounds checked before any schema runs: plain JSON only, at most MAX_DEPTH levels and MAX_VALUES values, and
// at most MAX_LISTED violations or warnings listed, each at its exact edge.
import { describe, expect, it } from 'vitest';
import { checkBounds, createValidator, MAX_DEPTH, MAX_LISTED, MAX_VALUES } from '../src/index.js';
import document from './fixtures/keywords.json' with { type: 'json' };

/** `value` nested in `depth - 1` arrays: `depth` levels in all. */
const nestedTo = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 1; level < depth; level++) value = [value];
  return value;
};

describe('checkBounds', () => {
  it.each([
    { name: `accepts ${MAX_DEPTH} levels`, given: nestedTo(MAX_DEPTH), want: undefined },
    {
      name: `refuses ${MAX_DEPTH + 1} levels`,
      given: nestedTo(MAX_DEPTH + 1),
      want: { field: '(body)', rule: 'maxDepth', message: `(body): nests deeper than ${MAX_DEPTH} levels` },
    },
    {
      name: `refuses ${MAX_DEPTH + 1} levels in a list that holds another list after them`,
      given: [nestedTo(MAX_DEPTH), [1]],
      want: { field: '(body)', rule: 'maxDepth', message: `(body): nests deeper than ${MAX_DEPTH} levels` },
    },
    { name: `accepts ${MAX_VALUES} values`, given: Array.from({ length: MAX_VALUES - 1 }, () => 0), want: undefined },
    {
      name: `refuses ${MAX_VALUES + 1} values`,
      given: Array.from({ length: MAX_VALUES }, () => 0),
      want: {
        field: '(body)',
        rule: 'maxValues',
        message: `(body): holds more than ${MAX_VALUES} values (the validator's bound per body)`,
      },
    },
    { name: 'accepts null, a string, true and a finite number', given: [null, 's', true, 1.5], want: undefined },
    {
      name: 'refuses Infinity',
      given: { a: Number.POSITIVE_INFINITY },
      want: { field: '(body)', rule: 'json', message: '(body): holds Infinity, which JSON cannot carry' },
    },
    {
      name: 'refuses undefined',
      given: [undefined],
      want: { field: '(body)', rule: 'json', message: '(body): holds undefined, which is not a JSON value' },
    },
    {
      name: 'refuses a symbol',
      given: { a: Symbol('s') },
      want: { field: '(body)', rule: 'json', message: '(body): holds a symbol, which is not a JSON value' },
    },
    {
      name: 'refuses a throw of something not an Error, showing it',
      given: Object.defineProperty({}, 'a', {
        enumerable: true,
        get() {
          throw 'no';
        },
      }),
      want: { field: '(body)', rule: 'json', message: '(body): could not be read: no' },
    },
  ])('$name', ({ given, want }) => {
    expect(checkBounds(given)).toEqual(want);
  });

  it('accepts an object twice side by side, and refuses one inside itself deep down', () => {
    const shared = { a: [1] };
    expect(checkBounds({ x: shared, y: [shared, shared] })).toBeUndefined();
    const loop: { a: unknown[] } = { a: [] };
    loop.a.push({ b: loop });
    expect(checkBounds(loop)).toEqual({
      field: '(body)',
      rule: 'json',
      message: '(body): is circular: an object contains itself',
    });
  });
});

describe('the bound on values counts a JSON-in-a-string document that is a lone string', () => {
  const validator = createValidator(document);
  // The body, name, pair, data and the document inside data: `filler` + 5 values.
  const body = (filler: number) => ({ name: 'a', pair: Array.from({ length: filler }, () => 0), data: '"x"' });

  it(`checks it against its schema at ${MAX_VALUES} values`, () => {
    expect(validator.validateSchema('Shop', body(MAX_VALUES - 5))).toEqual({
      valid: false,
      violations: [{ field: 'data', rule: 'type', message: 'data: must be an array (got "x")' }],
      warnings: [],
    });
  });

  it(`refuses it past ${MAX_VALUES} values, naming the field`, () => {
    expect(validator.validateSchema('Shop', body(MAX_VALUES - 4))).toEqual({
      valid: false,
      violations: [
        {
          field: 'data',
          rule: 'maxValues',
          message: `data: holds more than ${MAX_VALUES} values (the validator's bound per body)`,
        },
      ],
      warnings: [],
    });
  });
});

describe('listing', () => {
  const validator = createValidator({
    ...document,
    components: {
      schemas: {
        ...document.components.schemas,
        Strings: { type: 'array', items: { type: 'string' } },
        Either: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      },
    },
  });
  const address = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`extra${i}`, 1]));

  it(`lists exactly ${MAX_LISTED} violations without a count of more`, () => {
    const result = validator.validateSchema(
      'Strings',
      Array.from({ length: MAX_LISTED }, () => 1),
    );
    expect(result.valid ? [] : result.violations).toHaveLength(MAX_LISTED);
    expect(result.valid ? [] : result.violations.at(-1)?.field).toBe(`[${MAX_LISTED - 1}]`);
  });

  it('counts the violations past the listed ones, not the summaries of failed branches', () => {
    // Each boolean breaks both branches (two violations) and the anyOf (a summary, never shown).
    const result = validator.validateSchema(
      'Either',
      Array.from({ length: 150 }, () => true),
    );
    const violations = result.valid ? [] : result.violations;
    expect(violations).toHaveLength(MAX_LISTED + 1);
    expect(violations[0]).toEqual({ field: '[0]', rule: 'type', message: '[0]: must be a string (got true)' });
    expect(violations[1]).toEqual({ field: '[0]', rule: 'type', message: '[0]: must be an integer (got true)' });
    expect(violations.at(-1)).toEqual({
      field: '(body)',
      rule: 'maxListed',
      message: '(body): +200 more violations not listed',
    });
  });

  it(`lists exactly ${MAX_LISTED} warnings without a count of more`, () => {
    const result = validator.validateSchema('Shop', { name: 'a', address: address(MAX_LISTED) });
    expect(result.warnings).toHaveLength(MAX_LISTED);
    expect(result.warnings.at(-1)?.field).toBe(`address.extra${MAX_LISTED - 1}`);
  });

  it(`lists ${MAX_LISTED} warnings of values outside the form shown, then how many more`, () => {
    const result = validator.validateSchema('Shop', {
      name: 'a',
      zones: Array.from({ length: MAX_LISTED + 5 }, () => 'Asia/X'),
    });
    expect(result.warnings).toHaveLength(MAX_LISTED + 1);
    expect(result.warnings.at(-2)?.field).toBe(`zones[${MAX_LISTED - 1}]`);
    expect(result.warnings.at(-1)).toEqual({
      field: '(body)',
      rule: 'maxListed',
      message: '(body): +5 more warnings not listed',
    });
  });

  it(`lists ${MAX_LISTED} warnings, then how many more`, () => {
    const result = validator.validateSchema('Shop', { name: 'a', address: address(MAX_LISTED + 5) });
    expect(result.warnings).toHaveLength(MAX_LISTED + 1);
    expect(result.warnings.at(-2)?.field).toBe(`address.extra${MAX_LISTED - 1}`);
    expect(result.warnings.at(-1)).toEqual({
      field: '(body)',
      rule: 'maxListed',
      message: '(body): +5 more warnings not listed',
    });
  });
});
