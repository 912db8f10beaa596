// StoreState on its own (WireMock tests its stores apart from HTTP): what a test reads back after syncStore and
// updateStore, the partial-update rules at every depth, and the bounds by count and by bytes.
import { describe, expect, it } from 'vitest';
import { applyPartialUpdate, isEmptyValue, type JsonObject, StoreState } from '../src/state.js';

const jsonBytes = (document: unknown) => Buffer.byteLength(JSON.stringify(document));

describe('isEmptyValue: the partial-update way to delete a field', () => {
  it.each<[string, unknown, boolean]>([
    ['an empty string', '', true],
    ['an empty list', [], true],
    ['an empty object', {}, true],
    ['a space', ' ', false],
    ['zero', 0, false],
    ['false', false, false],
    ['null', null, false],
    ['a list with one item', [0], false],
    ['an object with one field', { a: '' }, false],
  ])('%s: %s', (_name, value, want) => {
    expect(isEmptyValue(value)).toBe(want);
  });
});

describe('applyPartialUpdate, past the cases the spec’s examples show', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    ['a field sent as undefined is left as it is', { name: 'A' }, { name: undefined }, { name: 'A' }],
    ['a field the store lacks is added', { name: 'A' }, { phone: '1' }, { name: 'A', phone: '1' }],
    ['an empty value for a field the store lacks adds nothing', { name: 'A' }, { phone: '' }, { name: 'A' }],
    [
      'an object replaces a text',
      { location: 'here' },
      { location: { postCode: '9' } },
      { location: { postCode: '9' } },
    ],
    [
      'an object replaces a list',
      { location: ['a'] },
      { location: { postCode: '9' } },
      { location: { postCode: '9' } },
    ],
    ['a text replaces an object', { location: { postCode: '9' } }, { location: 'here' }, { location: 'here' }],
    [
      'an empty value deletes a field two levels down, and only it',
      { location: { address: { line1: 'a', line2: 'b' }, postCode: '9' } },
      { location: { address: { line2: '' } } },
      { location: { address: { line1: 'a' }, postCode: '9' } },
    ],
    [
      'a language entry merges field by field, an empty field deleted',
      { multiLanguageDetails: [{ language: 'zh', name: '甲', description: 'd' }] },
      { multiLanguageDetails: [{ language: 'zh', description: '' }] },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
    ],
    [
      'language entries arrive on a store that had none',
      { name: 'A' },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
      { name: 'A', multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
    ],
    [
      'language entries replace a value that was not a list',
      { multiLanguageDetails: 'x' },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
    ],
    [
      'an entry naming no language is added, never merged into another without one',
      { multiLanguageDetails: [{ name: 'first' }] },
      { multiLanguageDetails: [{ name: 'second' }] },
      { multiLanguageDetails: [{ name: 'first' }, { name: 'second' }] },
    ],
    [
      'an entry that is not an object is added as it is',
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
      { multiLanguageDetails: ['zh'] },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }, 'zh'] },
    ],
    [
      'an entry merges only into one of its own language',
      { multiLanguageDetails: [{ language: 'ms', name: 'A-ms' }] },
      { multiLanguageDetails: [{ language: 'zh', name: '甲' }] },
      {
        multiLanguageDetails: [
          { language: 'ms', name: 'A-ms' },
          { language: 'zh', name: '甲' },
        ],
      },
    ],
    [
      'another list of language objects is replaced whole, not merged',
      { banners: [{ language: 'zh', url: 'a' }] },
      { banners: [{ language: 'zh', title: 't' }] },
      { banners: [{ language: 'zh', title: 't' }] },
    ],
    [
      'multiLanguageDetails sent as an object is merged as an object',
      { multiLanguageDetails: { a: 1 } },
      { multiLanguageDetails: { b: 2 } },
      { multiLanguageDetails: { a: 1, b: 2 } },
    ],
  ])('%s', (_rule, current, update, want) => {
    expect(applyPartialUpdate(current, update)).toEqual(want);
  });

  it('changes neither the store nor the update it is given', () => {
    const current = {
      location: { postCode: '9', address: { line1: 'a' } },
      multiLanguageDetails: [{ language: 'zh', name: '甲' }],
    };
    const update = {
      location: { address: { line1: '' } },
      multiLanguageDetails: [{ language: 'zh', name: '乙' }],
    };
    const before = structuredClone({ current, update });
    applyPartialUpdate(current, update);
    expect({ current, update }).toEqual(before);
  });
});

describe('StoreState', () => {
  it.each<[string, number, number, string]>([
    ['no stores', 0, 1, 'maxStores must be a whole number >= 1 (got 0)'],
    ['part of a store', 1.5, 1, 'maxStores must be a whole number >= 1 (got 1.5)'],
    ['no bytes', 1, 0, 'maxStoreBytes must be a whole number >= 1 (got 0)'],
    ['part of a byte', 1, 0.5, 'maxStoreBytes must be a whole number >= 1 (got 0.5)'],
  ])('refuses bounds of %s, naming the option', (_name, capacity, maxBytes, message) => {
    expect(() => new StoreState(capacity, maxBytes)).toThrow(new RangeError(message));
  });

  it('holds 10,000 stores and 64 MiB by default, as the README documents', () => {
    expect(new StoreState()).toMatchObject({ capacity: 10_000, maxBytes: 64 * 1024 * 1024 });
  });

  it('takes the smallest bounds, one store of one byte', () => {
    expect(new StoreState(1, 1)).toMatchObject({ capacity: 1, maxBytes: 1 });
  });

  it('merges a second syncStore of one store into the first: fields it leaves out stay', () => {
    const stores = new StoreState();
    stores.sync('acc', { posStoreId: 'p', name: 'A', status: 'OPEN', phone: '1' });
    const second = stores.sync('acc', { posStoreId: 'p', status: 'CLOSED', phone: '' });
    expect(second).toEqual({
      key: 'acc/p',
      operation: 'syncStore',
      document: { posStoreId: 'p', name: 'A', status: 'CLOSED' },
      deleted: false,
      changes: 2,
      origin: 'created',
    });
    expect(stores.get('acc/p')).toEqual(second);
  });

  it('keys a syncStore store by account and store, so two accounts never share one', () => {
    const stores = new StoreState();
    stores.sync('acc-1', { posStoreId: 'p', name: 'A' });
    stores.sync('acc-2', { posStoreId: 'p', name: 'B' });
    expect(stores.list().map((s) => [s.key, s.document.name, s.changes])).toEqual([
      ['acc-1/p', 'A', 1],
      ['acc-2/p', 'B', 1],
    ]);
  });

  it('holds an update of a store it never saw, keyed and named by its storeId', () => {
    const stores = new StoreState();
    expect(stores.update({ storeId: 's-1', appId: 'app', name: 'N' })).toEqual({
      key: 's-1',
      operation: 'updateStore',
      document: { storeId: 's-1', name: 'N' },
      deleted: false,
      changes: 1,
      origin: 'first-update',
    });
  });

  it('keeps a seeded store’s origin through its changes, and counts each change', () => {
    const stores = new StoreState();
    const seeded = stores.seed('s-1', { storeId: 's-1', name: 'A', phone: '1' });
    expect(seeded).toEqual({
      key: 's-1',
      operation: 'updateStore',
      document: { storeId: 's-1', name: 'A', phone: '1' },
      deleted: false,
      changes: 0,
      origin: 'seeded',
    });
    stores.update({ storeId: 's-1', name: 'B' });
    expect(stores.update({ storeId: 's-1', phone: '' })).toEqual({
      key: 's-1',
      operation: 'updateStore',
      document: { storeId: 's-1', name: 'B' },
      deleted: false,
      changes: 2,
      origin: 'seeded',
    });
    stores.seed('acc/p', { posStoreId: 'p', name: 'A' }, 'syncStore');
    expect(stores.sync('acc', { posStoreId: 'p', status: 'OPEN' })).toMatchObject({
      origin: 'seeded',
      changes: 1,
      document: { posStoreId: 'p', name: 'A', status: 'OPEN' },
    });
  });

  it('seeding replaces what it held, and keeps its own copy of the document', () => {
    const stores = new StoreState();
    stores.update({ storeId: 's-1', name: 'A' });
    const document: JsonObject = { storeId: 's-1', name: 'B' };
    stores.seed('s-1', document);
    document.name = 'changed by the test afterwards';
    expect(stores.get('s-1')).toMatchObject({ changes: 0, origin: 'seeded', document: { name: 'B' } });
  });

  it.each<[string, unknown]>([
    ['a list', []],
    ['null', null],
    ['a text', 'store'],
  ])('refuses to seed %s', (_name, document) => {
    expect(() => new StoreState().seed('s', document as JsonObject)).toThrow(
      new TypeError('a seeded store must be a JSON object'),
    );
  });

  it('keeps the last document of a deleted store, and the store stays deleted through later updates', () => {
    const stores = new StoreState();
    stores.seed('s-1', { storeId: 's-1', name: 'A' });
    expect(stores.update({ storeId: 's-1', isDeleted: 'DELETED', name: 'ignored' })).toEqual({
      key: 's-1',
      operation: 'updateStore',
      document: { storeId: 's-1', name: 'A' },
      deleted: true,
      changes: 1,
      origin: 'seeded',
    });
    expect(stores.update({ storeId: 's-1', name: 'C' })).toMatchObject({ deleted: true, changes: 2 });
    expect(stores.update({ storeId: 'never-seen', isDeleted: 'DELETED' })).toEqual({
      key: 'never-seen',
      operation: 'updateStore',
      document: { storeId: 'never-seen' },
      deleted: true,
      changes: 1,
      origin: 'first-update',
    });
  });

  it('an isDeleted other than DELETED changes the store and does not delete it', () => {
    const stores = new StoreState();
    const record = stores.update({ storeId: 's-1', isDeleted: 'NOT_DELETED', name: 'A' });
    expect([record.deleted, record.document]).toEqual([false, { storeId: 's-1', name: 'A' }]);
  });

  it('pages through the stores, the one changed longest ago first', () => {
    const stores = new StoreState();
    for (const id of ['a', 'b', 'c', 'd']) stores.update({ storeId: id });
    stores.update({ storeId: 'b', name: 'B' });
    const keys = (records: { key: string }[]) => records.map((r) => r.key);
    expect(keys(stores.list())).toEqual(['a', 'c', 'd', 'b']);
    expect(keys(stores.list(1))).toEqual(['c', 'd', 'b']);
    expect(keys(stores.list(1, 2))).toEqual(['c', 'd']);
    expect(keys(stores.list(0, 0))).toEqual([]);
    expect(stores.size).toBe(4);
  });

  it('counts the bytes of the documents as JSON, a changed store counted once at its new size', () => {
    const stores = new StoreState();
    const a = stores.update({ storeId: 'a', name: '甲乙' }).document;
    expect(stores.bytes).toBe(jsonBytes(a));
    const b = stores.seed('b', { storeId: 'b' }).document;
    const a2 = stores.update({ storeId: 'a', name: 'a much longer name than before' }).document;
    expect(stores.bytes).toBe(jsonBytes(a2) + jsonBytes(b));
    stores.clear();
    expect([stores.size, stores.bytes, stores.get('a'), stores.list()]).toEqual([0, 0, undefined, []]);
    const c = stores.update({ storeId: 'c' }).document;
    expect(stores.bytes).toBe(jsonBytes(c));
  });

  const deep = (depth: number): unknown => (depth === 0 ? 'leaf' : { next: deep(depth - 1), list: [depth] });
  it.each<[string, JsonObject]>([
    ['plain texts, numbers, booleans and null', { a: 'text', n: 12.5, m: -3, t: true, f: false, z: null }],
    ['texts JSON escapes', { q: 'say "hi"', b: 'back\\slash', c: 'tab\tnew\nline\u0001', d: '\u007f' }],
    ['texts of nothing but characters JSON escapes', { a: '"', b: '\n', c: '\\', d: '\u0000' }],
    ['texts of two, three and four UTF-8 bytes a character', { a: 'é', b: '妈妈', c: '😀' }],
    ['a lone surrogate, written escaped', { a: 'x\ud800y' }],
    ['numbers JSON writes as null', { a: Number.NaN, b: Number.POSITIVE_INFINITY }],
    ['fields JSON leaves out', { a: undefined, b: () => 1, c: Symbol('s'), d: 'kept' }],
    ['list items JSON writes as null', { a: [undefined, () => 1, Symbol('s'), 1, 'x'] }],
    ['empty lists and objects, nested', { a: [], b: {}, c: [[], [{}]], d: { e: { f: [] } } }],
    ['values with their own JSON', { at: new Date(Date.UTC(2026, 0, 2)), n: Object(5), s: Object('é') }],
    ['an object without a prototype', { a: Object.assign(Object.create(null), { b: 'c' }) }],
    ['a document deeper than is counted field by field', { a: deep(80) }],
  ])('counts the bytes of a document holding %s exactly as JSON in UTF-8', (_name, document) => {
    const stores = new StoreState();
    stores.seed('s', document);
    expect(stores.bytes).toBe(jsonBytes(document));
  });

  it('past its byte bound forgets the store changed longest ago, and its bytes with it', () => {
    const one = jsonBytes({ storeId: 'a', name: 'x'.repeat(100) });
    const stores = new StoreState(100, 2 * one);
    for (const id of ['a', 'b']) stores.update({ storeId: id, name: 'x'.repeat(100) });
    expect([stores.size, stores.bytes]).toEqual([2, 2 * one]);
    stores.update({ storeId: 'c', name: 'x'.repeat(100) });
    expect(stores.list().map((s) => s.key)).toEqual(['b', 'c']);
    expect(stores.bytes).toBe(2 * one);
  });

  it('past its count bound forgets the oldest, and its bytes with it', () => {
    const stores = new StoreState(2);
    for (const id of ['a', 'b', 'c']) stores.update({ storeId: id });
    expect(stores.list().map((s) => s.key)).toEqual(['b', 'c']);
    expect(stores.bytes).toBe(2 * jsonBytes({ storeId: 'a' }));
  });

  it('holds the newest store even when it alone is past the byte bound', () => {
    const stores = new StoreState(10, 10);
    stores.update({ storeId: 'a' });
    const big = stores.update({ storeId: 'b', name: 'x'.repeat(50) });
    expect(stores.list()).toEqual([big]);
    expect(stores.bytes).toBe(jsonBytes(big.document));
  });
});
