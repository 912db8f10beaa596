// The request journal on its own (WireMock's InMemoryRequestJournalStore tests): what a test reads back, how a
// query filters it, and the bounds by entries and by bytes, the oldest forgotten first.
import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, type JournalRecord } from '../src/journal.js';

const RECEIVED = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

const record = (more: Partial<JournalRecord> = {}): JournalRecord => ({
  receivedAt: RECEIVED,
  method: 'POST',
  url: '/v2/pos/syncStore',
  operationId: 'syncStore',
  headers: { 'client-id': 'C', 'content-type': 'application/json' },
  rawBody: '{"requestId":"r-1","store":{"posStoreId":"s-9"}}',
  json: true,
  signature: undefined,
  violations: [],
  warnings: [],
  source: 'default',
  outcome: 'SUCCESS',
  script: undefined,
  status: 200,
  responseHeaders: { 'content-type': 'application/json' },
  responseBody: '{"result":{"resultStatus":"S"}}',
  store: undefined,
  ...more,
});
/** A record of the given size in bytes as the journal counts them: 1 KB plus two bytes a character. */
const sized = (bytes: number, requestId = 'r') =>
  record({
    url: '',
    headers: {},
    responseHeaders: {},
    responseBody: '',
    json: false,
    rawBody: requestId.padEnd((bytes - 1024) / 2, '.'),
  });
const ids = (journal: Journal) => journal.find().map((entry) => entry.id);

describe('Journal', () => {
  it.each<[string, number, number, string]>([
    ['negative entries', -1, 0, 'journalEntries must be a whole number >= 0 (got -1)'],
    ['part of an entry', 0.5, 0, 'journalEntries must be a whole number >= 0 (got 0.5)'],
    ['negative bytes', 0, -1, 'journalBytes must be a whole number >= 0 (got -1)'],
    ['part of a byte', 0, 2.5, 'journalBytes must be a whole number >= 0 (got 2.5)'],
  ])('refuses bounds of %s, naming the option', (_name, capacity, bytes, message) => {
    expect(() => new Journal(capacity, bytes)).toThrow(new RangeError(message));
  });

  it('takes a byte bound of 0, and then keeps nothing', () => {
    const journal = new Journal(5, 0);
    expect(journal.add(record())).toBe(1);
    expect([journal.size, journal.bytes]).toEqual([0, 0]);
  });

  it('holds 500 entries and 8 MiB by default, as the README documents', () => {
    expect(new Journal()).toMatchObject({ capacity: 500, budgetBytes: 8 * 1024 * 1024 });
  });

  it('gives back an entry as a test reads it: the body parsed, the time in ISO 8601, empty header slots left out', () => {
    const journal = new Journal();
    const id = journal.add(
      record({
        headers: { 'client-id': 'C', signature: undefined },
        signature: { checked: true, valid: false, diagnosis: { cause: 'key' } },
        violations: ['name: too long'],
        warnings: ['a warning'],
        source: 'script',
        script: 's1',
        store: 'acc/s-9',
      }),
    );
    expect(id).toBe(1);
    expect(journal.find()).toStrictEqual([
      {
        id: 1,
        receivedAt: '2026-01-02T03:04:05.006Z',
        method: 'POST',
        url: '/v2/pos/syncStore',
        operationId: 'syncStore',
        headers: { 'client-id': 'C' },
        rawBody: '{"requestId":"r-1","store":{"posStoreId":"s-9"}}',
        body: { requestId: 'r-1', store: { posStoreId: 's-9' } },
        signature: { checked: true, valid: false, diagnosis: { cause: 'key' } },
        violations: ['name: too long'],
        warnings: ['a warning'],
        outcome: { source: 'script', name: 'SUCCESS', script: 's1' },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"result":{"resultStatus":"S"}}',
        },
        store: 'acc/s-9',
      },
    ]);
  });

  it('leaves out what a request did not have: no operation, no JSON body, no signature, no script, no store', () => {
    const journal = new Journal();
    journal.add(record({ operationId: undefined, rawBody: 'not json', json: false }));
    const [entry] = journal.find();
    expect(Object.keys(entry ?? {})).toEqual([
      'id',
      'receivedAt',
      'method',
      'url',
      'headers',
      'rawBody',
      'violations',
      'warnings',
      'outcome',
      'response',
    ]);
    expect(entry?.outcome).toStrictEqual({ source: 'default', name: 'SUCCESS' });
  });

  it('gives a test copies: changing what it read changes nothing kept', () => {
    const journal = new Journal();
    journal.add(record({ warnings: ['w'] }));
    const first = journal.find()[0] as JournalEntry;
    (first.warnings as string[]).push('added by the test');
    (first.response.headers as Record<string, string>)['x-added'] = '1';
    const [again] = journal.find();
    expect(again?.warnings).toEqual(['w']);
    expect(again?.response.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('filters by operation, outcome, body values and their text, and keeps the newest `limit`', () => {
    const journal = new Journal();
    journal.add(record({ rawBody: '{"requestId":"r-1","n":1}' }));
    journal.add(record({ rawBody: '{"requestId":"r-2","n":2}', outcome: 'UNKNOWN_EXCEPTION' }));
    journal.add(record({ operationId: 'updateStore', rawBody: '{"storeId":"s","n":3}' }));
    journal.add(record({ rawBody: '{"requestId":"r-1","n":4}' }));
    const ns = (found: { body?: unknown }[]) => found.map((entry) => (entry.body as { n: number }).n);
    expect(ns(journal.find({ operationId: 'syncStore' }))).toEqual([1, 2, 4]);
    expect(ns(journal.find({ outcome: 'UNKNOWN_EXCEPTION' }))).toEqual([2]);
    expect(ns(journal.find({ outcome: 'SUCCESS' }))).toEqual([1, 3, 4]);
    expect(ns(journal.find({ match: { requestId: 'r-1' } }))).toEqual([1, 4]);
    expect(ns(journal.find({ matchText: { n: '3' } }))).toEqual([3]);
    expect(ns(journal.find({ operationId: 'syncStore', limit: 2 }))).toEqual([2, 4]);
    expect(ns(journal.find({ limit: 10 }))).toEqual([1, 2, 3, 4]);
    expect(ns(journal.find({ operationId: 'syncStore', outcome: 'SUCCESS', match: { requestId: 'r-1' } }))).toEqual([
      1, 4,
    ]);
  });

  it('counts each entry as 1 KB plus two bytes a character of what it holds', () => {
    const journal = new Journal();
    journal.add(
      record({
        url: '/u', // 2
        headers: { ab: 'cde', skipped: undefined }, // 5 + 7
        rawBody: '12345', // 5
        responseHeaders: { f: 'gh' }, // 3
        responseBody: '1234567', // 7
        violations: ['v1', 'v22'], // 5
        warnings: ['w'], // 1
      }),
    );
    expect(journal.bytes).toBe(1024 + 2 * (2 + 5 + 7 + 5 + 3 + 7 + 5 + 1));
    expect(journal.size).toBe(1);
  });

  it('numbers requests in the order received, even those it cannot keep, and goes on numbering after clear', () => {
    const none = new Journal(0);
    expect([none.add(record()), none.add(record())]).toEqual([1, 2]);
    expect([none.size, none.bytes, none.find()]).toEqual([0, 0, []]);
    const journal = new Journal(10, 4096);
    journal.add(record());
    expect(journal.add(sized(4098))).toBe(2); // alone past the byte bound: not kept
    expect(ids(journal)).toEqual([1]);
    journal.clear();
    expect([journal.size, journal.bytes, journal.find()]).toEqual([0, 0, []]);
    expect(journal.add(record())).toBe(3);
    expect(ids(journal)).toEqual([3]);
  });

  it('keeps an entry exactly as large as its byte bound', () => {
    const journal = new Journal(10, 4096);
    journal.add(sized(4096));
    expect([journal.size, journal.bytes]).toEqual([1, 4096]);
  });

  it('past its entry bound forgets the oldest, however many are added', () => {
    const journal = new Journal(3);
    for (let i = 0; i < 20; i++) journal.add(sized(2048));
    expect(ids(journal)).toEqual([18, 19, 20]);
    expect([journal.size, journal.bytes]).toEqual([3, 3 * 2048]);
    const one = new Journal(1);
    for (let i = 0; i < 5; i++) one.add(sized(2048, `r-${i}`));
    expect(one.find().map((entry) => [entry.id, entry.rawBody.slice(0, 3)])).toEqual([[5, 'r-4']]);
  });

  it('past its byte bound forgets the oldest until the newest fits', () => {
    const journal = new Journal(100, 5 * 1024);
    for (let i = 0; i < 3; i++) journal.add(sized(2048));
    expect(ids(journal)).toEqual([2, 3]);
    expect(journal.bytes).toBe(2 * 2048);
    journal.add(sized(4096));
    expect(ids(journal)).toEqual([4]);
    expect([journal.size, journal.bytes]).toEqual([1, 4096]);
  });
});
