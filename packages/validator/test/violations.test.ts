// How a violation names its field and guesses what a misspelt field meant, as a partner reads them.
import { describe, expect, it } from 'vitest';
import { createValidator } from '../src/index.js';
import { closestName, fieldName } from '../src/violations.js';
import document from './fixtures/keywords.json' with { type: 'json' };

describe('field names', () => {
  it.each([
    { given: '', want: '' },
    { given: '/store/posStoreId', want: 'store.posStoreId' },
    { given: '/businessRules/0/ruleData', want: 'businessRules[0].ruleData' },
    { given: '/0', want: '[0]' },
    { given: '/a/0/12', want: 'a[0][12]' },
    { given: '/a/1b/b1', want: 'a.1b.b1' },
    { given: '/a~1b/c~0d', want: 'a/b.c~d' },
    { given: '/~01', want: '~1' },
  ])('writes $given as $want', ({ given, want }) => {
    expect(fieldName(given)).toBe(want);
  });
});

describe('did-you-mean', () => {
  it.each([
    { name: 'ignoring case', given: 'posStoreID', known: ['posStoreId', 'name'], want: 'posStoreId' },
    { name: 'a letter left out', given: 'businessRule', known: ['storeId', 'businessRules'], want: 'businessRules' },
    { name: 'a letter too many', given: 'postCodee', known: ['postCode'], want: 'postCode' },
    { name: 'a letter changed', given: 'pastCode', known: ['postCode'], want: 'postCode' },
    { name: 'two letters swapped', given: 'psotCode', known: ['postCode'], want: 'postCode' },
    { name: 'the closest of several', given: 'nam', known: ['names', 'name'], want: 'name' },
    { name: 'the first of two as close', given: 'ab', known: ['ac', 'ad'], want: 'ac' },
    { name: 'three edits in a 12-letter name', given: 'abcdefghijkl', known: ['abcdefghiXYZ'], want: 'abcdefghiXYZ' },
    { name: 'not three edits in an 11-letter name', given: 'abcdefghijk', known: ['abcdefghXYZ'], want: undefined },
    { name: 'not three edits in a short name', given: 'abc', known: ['xyz'], want: undefined },
    { name: 'not a name that only ends like a known one', given: 'xy', known: ['abcxy'], want: undefined },
    { name: 'nothing for a field unlike any known one', given: 'unexpectedField', known: ['storeId'], want: undefined },
    { name: 'nothing when no field is known', given: 'a', known: [], want: undefined },
  ])('$name', ({ given, known, want }) => {
    expect(closestName(given, known)).toBe(want);
  });
});

describe('unknown keys in messages', () => {
  const validator = createValidator(document);
  it.each([
    { name: 'shows a key of 64 characters whole', key: 'k'.repeat(64), want: 'k'.repeat(64) },
    { name: 'cuts a key of 65 characters to 64', key: 'k'.repeat(65), want: `${'k'.repeat(61)}...` },
  ])('$name', ({ key, want }) => {
    expect(validator.validateSchema('Shop', { name: 'a', [key]: 1 })).toEqual({
      valid: false,
      violations: [{ field: want, rule: 'additionalProperties', message: `${want}: is not a field of Shop` }],
      warnings: [],
    });
  });
});

describe('x-warn names the field it warns about', () => {
  const validator = createValidator(document);
  const warning = (field: string, text: string) => ({
    field,
    rule: 'x-warn',
    message: `${field}: ${text}; accepted with a warning`,
  });

  it.each([
    {
      name: 'an item of a list, by its index, once though both forms fail',
      schema: 'Shop',
      given: { name: 'a', zones: ['GMT+8', 'Asia/X', 'UTC', 'Asia/Y'] },
      want: [
        warning('zones[1]', '"Asia/X" is not in the form shown (GMT+8:00)'),
        warning('zones[3]', '"Asia/Y" is not in the form shown (GMT+8:00)'),
      ],
    },
    {
      name: 'a missing field inside an object, by its path',
      schema: 'Shop',
      given: { name: 'a', place: {} },
      want: [warning('place.tz', 'is missing; places are keyed by it')],
    },
    {
      name: 'the body itself',
      schema: 'Hour',
      given: '7',
      want: [warning('(body)', '"7" is not two digits')],
    },
  ])('$name', ({ schema, given, want }) => {
    expect(validator.validateSchema(schema, given)).toEqual({ valid: true, warnings: want });
  });
});
