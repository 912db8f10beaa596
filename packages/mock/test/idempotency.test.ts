// The replay store on its own: the first settled result per idempotency key, bounded by keys and by bytes.
import { describe, expect, it } from 'vitest';
import { IdempotencyStore, type RememberedResult } from '../src/idempotency.js';

const result = (code = 'SUCCESS', body = '{}'): RememberedResult => ({
  bodyKey: '=x',
  status: 200,
  body,
  code,
  resultStatus: 'S',
});
/** What one key costs: two bytes a character of the key, the body's fingerprint, the answer and its code, plus 160. */
const cost = (key: string, r: RememberedResult) =>
  2 * (key.length + r.bodyKey.length + r.body.length + r.code.length) + 160;

describe('IdempotencyStore', () => {
  it.each<[string, number, number, string]>([
    ['no keys', 0, 1024, 'idempotencyEntries must be a whole number >= 1 (got 0)'],
    ['part of a key', 1.5, 1024, 'idempotencyEntries must be a whole number >= 1 (got 1.5)'],
    ['under 1 KB', 1, 1023, 'idempotencyBytes must be a whole number >= 1024 (got 1023)'],
    ['part of a byte', 1, 1024.5, 'idempotencyBytes must be a whole number >= 1024 (got 1024.5)'],
  ])('refuses bounds of %s, naming the option', (_name, capacity, bytes, message) => {
    expect(() => new IdempotencyStore(capacity, bytes)).toThrow(new RangeError(message));
  });

  it('takes the smallest bounds, one key in 1 KB', () => {
    const store = new IdempotencyStore(1, 1024);
    store.set('k', result());
    expect(store.get('k')).toEqual(result());
  });

  it('gives back what it remembered, and nothing for a key it never saw', () => {
    const store = new IdempotencyStore(10, 4096);
    store.set('client\u0000r-1', result('PROCESS_FAIL'));
    expect(store.get('client\u0000r-1')).toEqual(result('PROCESS_FAIL'));
    expect(store.get('other\u0000r-1')).toBeUndefined();
  });

  it('counts each key at two bytes a character plus 160, a key set again counted once', () => {
    const store = new IdempotencyStore(10, 64 * 1024);
    const first = result('SUCCESS', '{"result":{}}');
    store.set('r-1', first);
    expect([store.size, store.bytes]).toEqual([1, cost('r-1', first)]);
    const second = result('PROCESS_FAIL', '{"result":{"resultCode":"PROCESS_FAIL"}}');
    store.set('r-1', second);
    expect([store.size, store.bytes, store.get('r-1')]).toEqual([1, cost('r-1', second), second]);
    store.set('r-2', first);
    expect(store.bytes).toBe(cost('r-1', second) + cost('r-2', first));
  });

  it('forgets a key on delete, and its bytes with it; deleting an unknown key changes nothing', () => {
    const store = new IdempotencyStore(10, 64 * 1024);
    store.set('r-1', result());
    store.set('r-2', result());
    store.delete('r-1');
    store.delete('never');
    expect([store.get('r-1'), store.size, store.bytes]).toEqual([undefined, 1, cost('r-2', result())]);
  });

  it('past its byte bound forgets the oldest key first, until the newest fits', () => {
    const one = cost('r-1', result());
    const store = new IdempotencyStore(100, Math.max(1024, 2 * one));
    const fits = Math.floor(store.budgetBytes / one);
    for (let i = 1; i <= fits + 1; i++) store.set(`r-${i}`, result());
    expect(store.get('r-1')).toBeUndefined();
    expect(store.get('r-2')).toEqual(result());
    expect([store.size, store.bytes]).toEqual([fits, fits * one]);
  });

  it('keeps a key exactly as large as its byte bound, and none larger', () => {
    const store = new IdempotencyStore(10, 1024);
    const exact = result('SUCCESS', 'x'.repeat((1024 - 160) / 2 - 1 - 2 - 7));
    store.set('k', exact);
    expect([store.size, store.bytes]).toEqual([1, 1024]);
    store.set('j', result('SUCCESS', `${exact.body}x`));
    expect([store.size, store.bytes, store.get('k')]).toEqual([0, 0, undefined]);
  });

  it('forgets everything on clear, and counts afresh', () => {
    const store = new IdempotencyStore(10, 4096);
    store.set('r-1', result());
    store.clear();
    expect([store.size, store.bytes, store.get('r-1')]).toEqual([0, 0, undefined]);
    store.set('r-2', result());
    expect(store.bytes).toBe(cost('r-2', result()));
  });
});
