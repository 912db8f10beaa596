import { describe, expect, it } from 'vitest';
import { closestName, fieldName } from '../src/violations.js';

describe('field names', () => {
  it('writes JSON pointers in the body’s own notation', () => {
    expect(fieldName('')).toBe('');
    expect(fieldName('/store/posStoreId')).toBe('store.posStoreId');
    expect(fieldName('/businessRules/0/ruleData')).toBe('businessRules[0].ruleData');
    expect(fieldName('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});

describe('did-you-mean', () => {
  it('finds the field a misspelling meant, ignoring case', () => {
    expect(closestName('businessRule', ['storeId', 'businessRules'])).toBe('businessRules');
    expect(closestName('ContentType', ['contentType', 'value'])).toBe('contentType');
    expect(closestName('posStoreID', ['posStoreId', 'name'])).toBe('posStoreId');
  });

  it('suggests nothing for a field unlike any known one', () => {
    expect(closestName('unexpectedField', ['storeId', 'name'])).toBeUndefined();
  });
});
