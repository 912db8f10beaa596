// RecencyMap: the replay store's and the store state's memory of which key was set longest ago.
import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../src/idempotency.js';
import { RecencyMap } from '../src/recency.js';
import { StoreState } from '../src/state.js';

describe('RecencyMap', () => {
  it('gives back the key set longest ago first, a key set again counting from its newest setting', () => {
    const map = new RecencyMap<number>();
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('a', 4); // a is now the newest
    map.delete('b');
    expect(map.values()).toEqual([3, 4]);
    expect(map.shift()).toEqual(['c', 3]);
    expect(map.shift()).toEqual(['a', 4]);
    expect(map.shift()).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it.each([
    [0, Number.POSITIVE_INFINITY, [2, 3, 4, 5, 6]],
    [0, 2, [2, 3]],
    [2, 2, [4, 5]],
    [4, 10, [6]],
    [5, 1, []],
    [9, 1, []],
    [0, 0, []],
    [1, 1, [3]],
  ])('pages its values oldest first: from the %i-th, at most %s', (offset, limit, expected) => {
    const map = new RecencyMap<number>();
    for (let i = 0; i < 6; i++) map.set(`k${i}`, i);
    map.set('k1', 1); // set again: now the newest
    map.shift(); // k0 forgotten
    map.set('k1', 6);
    expect(map.values(offset, limit)).toEqual(expected);
  });

  const bound = (map: RecencyMap<unknown>) => 4 * map.size + 2050;

  it('keeps its queue within its bound, however often one key is set', () => {
    const map = new RecencyMap<number>();
    map.set('other', 0);
    for (let i = 0; i < 100_000; i++) map.set('same', i);
    expect(map.size).toBe(2);
    expect(map.queued).toBeLessThanOrEqual(bound(map));
    expect(map.shift()).toEqual(['other', 0]);
    expect(map.shift()).toEqual(['same', 99_999]);
  });

  it('drops the queue front it has passed, however many it forgets', () => {
    const map = new RecencyMap<number>();
    for (let i = 0; i < 50_000; i++) {
      map.set(`k${i}`, i);
      if (map.size > 10) map.shift();
    }
    expect(map.values()).toEqual(Array.from({ length: 10 }, (_, i) => 49_990 + i));
    expect(map.queued).toBeLessThanOrEqual(bound(map));
  });
});

describe('the stores and the replays forget their oldest first', () => {
  it('stores: the one changed longest ago goes first, a changed store counting as new', () => {
    const stores = new StoreState(2);
    stores.sync('acc', { posStoreId: 'a', name: 'A' });
    stores.sync('acc', { posStoreId: 'b', name: 'B' });
    stores.sync('acc', { posStoreId: 'a', name: 'A2' });
    stores.sync('acc', { posStoreId: 'c', name: 'C' });
    expect(stores.list().map((s) => s.key)).toEqual(['acc/a', 'acc/c']);
    expect(stores.get('acc/a')?.document).toMatchObject({ name: 'A2' });
  });

  it('replays: past the entry bound the oldest key is forgotten, and the bytes go with it', () => {
    const replays = new IdempotencyStore(2, 1024 * 1024);
    const result = (code: string) => ({ bodyKey: '=x', status: 200, body: '{}', code, resultStatus: 'S' });
    replays.set('r1', result('ONE'));
    replays.set('r2', result('TWO'));
    const two = replays.bytes;
    replays.set('r3', result('SIX'));
    expect([replays.get('r1'), replays.get('r2')?.code, replays.get('r3')?.code]).toEqual([undefined, 'TWO', 'SIX']);
    expect(replays.bytes).toBe(two);
  });
});
