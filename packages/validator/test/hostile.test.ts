// The validator always answers: names it does not know are errors naming them, values that are not JSON are
// violations (never exceptions), and the work one body can cost is bounded (depth, values, listed violations).
import { describe, expect, it } from 'vitest';
import { createValidator, MAX_DEPTH, MAX_LISTED, MAX_VALUES, UnknownSchemaError } from '../src/index.js';

const validator = createValidator();
const store = (extra: Record<string, unknown>) => ({
  requestId: 'r',
  posAccountId: 'a',
  store: { posStoreId: 'p', ...extra },
});

describe('unknown schema names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'NoSuchSchema'])(
    'refuses %s, naming it',
    (name) => {
      expect(() => validator.validateSchema(name, {})).toThrow(UnknownSchemaError);
      expect(() => validator.validateSchema(name, {})).toThrow(`the contract has no schema ${JSON.stringify(name)}`);
    },
  );
});

describe('values that are not JSON get a violation, not an exception', () => {
  const circular: Record<string, unknown> = { storeId: 's' };
  circular.self = circular;
  const throwing = Object.defineProperty({ storeId: 's' }, 'name', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  it.each([
    ['a BigInt', { storeId: 's', name: 10n }, '(body): holds a bigint, which is not a JSON value'],
    ['a function', { storeId: 's', name: () => 1 }, '(body): holds a function, which is not a JSON value'],
    ['NaN', { storeId: 's', location: { latitude: Number.NaN } }, '(body): holds NaN, which JSON cannot carry'],
    ['a cycle', circular, '(body): is circular: an object contains itself'],
    ['a throwing getter', throwing, '(body): could not be read: boom'],
  ])('%s', (_name, value, message) => {
    expect(validator.validateRequest('updateStore', value)).toEqual({
      valid: false,
      violations: [expect.objectContaining({ field: '(body)', message })],
      warnings: [],
    });
  });

  it('lets the same object appear twice (shared, not circular)', () => {
    const location = { postCode: '1' };
    expect(
      validator.validateRequest('updateStore', {
        storeId: 's',
        location,
        pickUpContactDetails: [{ name: 'a' }, { name: 'a' }],
      }).valid,
    ).toBe(true);
    expect(validator.validateSchema('Location', location).valid).toBe(true);
  });
});

describe('bounded work', () => {
  it(`refuses nesting deeper than ${MAX_DEPTH} levels without overflowing the stack, even 10,000 deep`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(validator.validateRequest('updateStore', { storeId: 's', images: deep })).toMatchObject({
      valid: false,
      violations: [{ rule: 'maxDepth', message: `(body): nests deeper than ${MAX_DEPTH} levels` }],
    });
  });

  it(`refuses more than ${MAX_VALUES} values, counting the documents inside ruleData`, () => {
    const tiers = Array.from({ length: 2_000 }, (_, i) => ({
      from: i,
      to: i + 1,
      fee: { currency: 'SGD', amountValue: 1 },
    }));
    const result = validator.validateRequest('updateStore', {
      storeId: 's',
      businessRules: [{ scene: 'DELIVERY_DISTANCE', ruleData: JSON.stringify(tiers) }],
    });
    expect(result).toMatchObject({
      valid: false,
      violations: [{ rule: 'maxValues', field: 'businessRules[0].ruleData' }],
    });
  });

  it(`lists at most ${MAX_LISTED} violations, then says how many more`, () => {
    const images = Array.from({ length: 3_000 }, () => 'not a url');
    const result = validator.validateRequest('updateStore', { storeId: 's', images });
    expect(result.valid).toBe(false);
    const violations = result.valid ? [] : result.violations;
    expect(violations).toHaveLength(MAX_LISTED + 1);
    expect(violations.at(-1)).toEqual({
      field: '(body)',
      rule: 'maxListed',
      message: '(body): +2900 more violations not listed',
    });
  });

  it(`lists at most ${MAX_LISTED} warnings, then says how many more`, () => {
    const unknown = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`extra${i}`, 1]));
    const result = validator.validateRequest('syncStore', store(unknown));
    expect(result.valid).toBe(true);
    expect(result.warnings).toHaveLength(MAX_LISTED + 1);
    expect(result.warnings.at(-1)?.message).toBe('(body): +900 more warnings not listed');
  });

  it('shows a huge unknown key cut to 64 characters, and looks for no typo in it', () => {
    const key = 'k'.repeat(1_000_000);
    const result = validator.validateRequest('updateStore', { storeId: 's', [key]: 1 });
    expect(result).toEqual({
      valid: false,
      violations: [
        {
          field: `${'k'.repeat(61)}...`,
          rule: 'additionalProperties',
          message: `${'k'.repeat(61)}...: is not a field of UpdateStoreRequest`,
        },
      ],
      warnings: [],
    });
  });
});
