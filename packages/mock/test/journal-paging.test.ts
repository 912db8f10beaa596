// The journal a page at a time: GET /__admin/requests answers the newest page first, each page oldest first, at most
// 1 MiB of JSON (always one entry), with `x-mock-total-count` and a `link` to the next, older page; `before=<id>`
// is the cursor, so requests that arrive meanwhile never shift a page. Filters are applied before the page is cut,
// and the work a page may take is bounded (Journal.page), so a read never holds up the requests behind it for long.

// The testing client is CommonJS for jest: its build is what callers load (the test task builds first).
import { MockAdmin } from '@store-api/mock/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/http.js';
import { type MockServer, startMock } from '../src/index.js';
import { Journal, type JournalRecord, type PageBounds } from '../src/journal.js';
import { PATHS, post } from './support/http.js';

const record = (requestId: string, more: Partial<JournalRecord> = {}): JournalRecord => ({
  receivedAt: Date.UTC(2026, 0, 2),
  method: 'POST',
  url: '/v2/pos/syncStore',
  operationId: 'syncStore',
  headers: { 'client-id': 'C' },
  rawBody: JSON.stringify({ requestId }),
  json: true,
  signature: undefined,
  violations: [],
  warnings: [],
  source: 'default',
  outcome: 'SUCCESS',
  script: undefined,
  status: 200,
  responseHeaders: {},
  responseBody: '{}',
  store: undefined,
  ...more,
});
const ROOMY: PageBounds = { maxBytes: 2 ** 30, maxScanned: 1_000_000, maxParsedBytes: 2 ** 30 };
const idsOf = (json: Buffer) => (JSON.parse(json.toString()) as { id: number }[]).map((entry) => entry.id);

/** Every page from the newest, as the admin API walks them: the ids of each page, and each page's `before`. */
function walk(journal: Journal, query: Parameters<Journal['page']>[0], bounds: PageBounds) {
  const pages: number[][] = [];
  let before: number | undefined;
  do {
    const page = journal.page(query, { ...bounds, ...(before === undefined ? {} : { before }) });
    pages.push(idsOf(page.json));
    before = page.before;
  } while (before !== undefined && pages.length < 1_000);
  return pages;
}

describe('Journal.page', () => {
  it('answers the newest entries first, each page oldest first, and stops at the byte bound', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 10; i++) journal.add(record(`r-${i}`));
    const one = JSON.stringify(journal.find({ limit: 1 })).length - 2;
    // Room for three entries and their commas, not four.
    const page = journal.page({}, { ...ROOMY, maxBytes: 2 + 3 * (one + 1) });
    expect(idsOf(page.json)).toEqual([8, 9, 10]);
    expect(page.count).toBe(3);
    expect(page.before).toBe(8);
    expect(page.json.length).toBeLessThanOrEqual(2 + 3 * (one + 1));
  });

  it('never passes the byte bound, even by one byte, and leaves out no entry that would fit', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 5; i++) journal.add(record(`r-${i}`));
    const one = JSON.stringify(journal.find({ limit: 1 })).length - 2;
    // Around the sizes of two, three and four entries ([a,b] is 2 * one + 3 bytes).
    for (let maxBytes = 2 * one + 1; maxBytes <= 4 * one + 7; maxBytes++) {
      const page = journal.page({}, { ...ROOMY, maxBytes });
      expect(page.json.length).toBeLessThanOrEqual(maxBytes);
      expect(JSON.parse(page.json.toString())).toHaveLength(page.count);
      // An entry and its comma more would still have fitted: it was not left out.
      expect(page.count).toBeGreaterThanOrEqual(Math.floor((maxBytes - 2) / (one + 1)));
    }
  });

  it('counts the bound in UTF-8 bytes, not in characters', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 4; i++) journal.add(record(`店舗-${'日本'.repeat(100)}-${i}`));
    const one = Buffer.byteLength(JSON.stringify(journal.find({ limit: 1 }))) - 2;
    // Three entries fit in bytes; as characters (a third of the bytes), all four would.
    const page = journal.page({}, { ...ROOMY, maxBytes: 2 + 3 * (one + 1) });
    expect(idsOf(page.json)).toEqual([2, 3, 4]);
    expect(JSON.parse(page.json.toString())[0].body.requestId).toBe(`店舗-${'日本'.repeat(100)}-2`);
  });

  it('holds one entry however large, rather than none', () => {
    const journal = new Journal(100, 2 ** 30);
    journal.add(record('r-1'));
    journal.add(record('r-2', { rawBody: JSON.stringify({ requestId: 'r-2', pad: 'x'.repeat(5_000) }) }));
    const page = journal.page({}, { ...ROOMY, maxBytes: 100 });
    expect(idsOf(page.json)).toEqual([2]);
    expect(page.before).toBe(2);
    expect(idsOf(journal.page({}, { ...ROOMY, maxBytes: 100, before: 2 }).json)).toEqual([1]);
  });

  it('walks to the oldest entry, each once, with no next page after it', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 23; i++) journal.add(record(`r-${i}`));
    const pages = walk(journal, { limit: 5 }, ROOMY);
    expect(pages).toEqual([
      [19, 20, 21, 22, 23],
      [14, 15, 16, 17, 18],
      [9, 10, 11, 12, 13],
      [4, 5, 6, 7, 8],
      [1, 2, 3],
    ]);
  });

  it('filters before it counts: a limit counts the entries the filters select', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 20; i++)
      journal.add(record(i % 3 === 0 ? 'wanted' : `r-${i}`, i % 2 === 0 ? { operationId: 'updateStore' } : {}));
    expect(idsOf(journal.page({ matchText: { requestId: 'wanted' }, limit: 2 }, ROOMY).json)).toEqual([15, 18]);
    expect(idsOf(journal.page({ operationId: 'updateStore', limit: 3 }, ROOMY).json)).toEqual([16, 18, 20]);
    expect(walk(journal, { operationId: 'syncStore', matchText: { requestId: 'wanted' } }, ROOMY)).toEqual([
      [3, 9, 15],
    ]);
    // A match of JSON values (the API's gateway.journal), as well as of texts.
    expect(idsOf(journal.page({ match: { requestId: 'wanted' }, limit: 2 }, ROOMY).json)).toEqual([15, 18]);
    expect(idsOf(journal.page({ match: { requestId: 'r-20' } }, ROOMY).json)).toEqual([20]);
  });

  it('stops after looking at maxScanned entries, and the next page goes on from there', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 10; i++) journal.add(record(i === 2 ? 'wanted' : `r-${i}`));
    const bounds = { ...ROOMY, maxScanned: 4 };
    const first = journal.page({ matchText: { requestId: 'wanted' } }, bounds);
    expect({ ...first, json: first.json.toString() }).toEqual({ json: '[]', count: 0, before: 7 });
    expect(walk(journal, { matchText: { requestId: 'wanted' } }, bounds)).toEqual([[], [], [2]]);
  });

  it('stops once it has parsed maxParsedBytes of bodies for a match', () => {
    const journal = new Journal(100, 2 ** 30);
    for (let i = 1; i <= 10; i++) journal.add(record(`r-${i}`));
    const size = (n: number) => JSON.stringify({ requestId: `r-${n}` }).length;
    // The two newest bodies reach the bound exactly: the page ends after them; a character more and it parses a third.
    const page = journal.page({ matchText: { requestId: 'none' } }, { ...ROOMY, maxParsedBytes: size(10) + size(9) });
    expect({ ...page, json: page.json.toString() }).toEqual({ json: '[]', count: 0, before: 9 });
    const more = { ...ROOMY, maxParsedBytes: size(10) + size(9) + 1 };
    expect(journal.page({ matchText: { requestId: 'none' } }, more).before).toBe(8);
    // Without a match nothing is parsed to filter: the bound does not apply.
    expect(journal.page({}, { ...ROOMY, maxParsedBytes: 1 }).count).toBe(10);
  });

  it('counts only the bodies it parses: a body that is not JSON is not read for a match', () => {
    const journal = new Journal(100, 2 ** 30);
    journal.add(record('wanted'));
    for (let i = 1; i <= 5; i++)
      journal.add(record(`r-${i}`, { rawBody: `requestId=r-${i}&pad=${'x'.repeat(100)}`, json: false }));
    const page = journal.page({ matchText: { requestId: 'wanted' } }, { ...ROOMY, maxParsedBytes: 50 });
    expect({ ids: idsOf(page.json), before: page.before }).toEqual({ ids: [1], before: undefined });
  });

  it('takes entries below `before` only, when its id was forgotten or never held', () => {
    const journal = new Journal(5, 2 ** 30);
    for (let i = 1; i <= 9; i++) journal.add(record(`r-${i}`));
    expect(idsOf(journal.page({}, { ...ROOMY, before: 7 }).json)).toEqual([5, 6]);
    const none = journal.page({}, { ...ROOMY, before: 3 });
    expect({ ...none, json: none.json.toString() }).toEqual({ json: '[]', count: 0, before: undefined });
    expect(idsOf(journal.page({}, { ...ROOMY, before: 1_000 }).json)).toEqual([5, 6, 7, 8, 9]);
  });

  it('writes each entry as find builds it, every optional field present or absent', () => {
    const journal = new Journal(100, 2 ** 30);
    journal.add(record('plain'));
    journal.add(
      record('full', {
        headers: { 'client-id': 'C', 'x-empty': undefined, 'x-note': 'caf\u00e9 "quoted"' },
        rawBody: '{ "requestId" : "full",\n "n": 1.50, "nested": {"a": [1, {"b": null}]} }',
        signature: { checked: true, valid: false, diagnosis: { cause: 'the body changed' } },
        violations: ['store.status: must be one of OPEN, CLOSED'],
        warnings: ['unknown field note'],
        source: 'script',
        outcome: 'UNKNOWN_EXCEPTION',
        script: 'script-1',
        responseHeaders: { signature: 'algorithm=RSA256,keyVersion=1,signature=abc%3D' },
        store: 'a/s-1',
      }),
    );
    journal.add(record('not JSON', { rawBody: 'requestId=r-3', json: false, operationId: undefined }));
    expect(JSON.parse(journal.page({}, ROOMY).json.toString())).toEqual(JSON.parse(JSON.stringify(journal.find())));
    expect(Object.keys(JSON.parse(journal.page({ limit: 1 }, ROOMY).json.toString())[0])).toEqual(
      Object.keys(journal.find({ limit: 1 })[0] as object),
    );
  });
});

describe('Journal.find, which now checks a record before it builds its entry', () => {
  const journal = new Journal(100, 2 ** 30);
  for (let i = 1; i <= 6; i++) journal.add(record(i % 2 ? 'odd' : 'even', i > 3 ? { operationId: 'updateStore' } : {}));
  const ids = (query: Parameters<Journal['find']>[0]) => journal.find(query).map((entry) => entry.id);
  it.each([
    ['no query', {}, [1, 2, 3, 4, 5, 6]],
    ['the newest 2 the filters select', { matchText: { requestId: 'odd' }, limit: 2 }, [3, 5]],
    ['an operation and a body value', { operationId: 'updateStore', match: { requestId: 'even' } }, [4, 6]],
    ['a limit of 0, which slices nothing off', { limit: 0 }, [1, 2, 3, 4, 5, 6]],
    ['a negative limit, which slices the oldest off', { limit: -2 }, [3, 4, 5, 6]],
    ['a fractional limit, sliced as before', { limit: 1.5 }, [6]],
  ])('%s', (_name, query, want) => {
    expect(ids(query)).toEqual(want);
  });
});

describe('GET /__admin/requests, paged', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ journalBytes: 64 * 2 ** 20 });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  const sync = (requestId: string, pad = 0) => ({
    requestId,
    posAccountId: 'a',
    store: { posStoreId: 's-1', name: 'n', status: 'OPEN' },
    ...(pad > 0 ? { note: 'x'.repeat(pad) } : {}),
  });
  const get = async (path: string) => {
    const answer = await fetch(`${mock.url}${path}`);
    const text = await answer.text();
    return {
      status: answer.status,
      bytes: Buffer.byteLength(text),
      body: JSON.parse(text),
      total: answer.headers.get('x-mock-total-count'),
      next: /^<([^>]+)>; rel="next"$/.exec(answer.headers.get('link') ?? '')?.[1],
    };
  };
  /** Every page from `first`, following the `link` of each. */
  const pages = async (first: string) => {
    const all: Awaited<ReturnType<typeof get>>[] = [];
    for (let next: string | undefined = first; next !== undefined; next = all.at(-1)?.next) all.push(await get(next));
    return all;
  };

  it('answers pages of at most 1 MiB, each with one entry at least, and follows the links to every entry once', async () => {
    // About 0.4 MiB an entry as JSON (the raw body and the parsed body), and one over 1 MiB on its own.
    for (let i = 1; i <= 9; i++) await post(mock.url, PATHS.syncStore, sync(`big-${i}`, i === 5 ? 600_000 : 200_000));
    const read = await pages('/__admin/requests');
    expect(read.length).toBeGreaterThan(3);
    for (const page of read) {
      expect(page.status).toBe(200);
      expect(page.total).toBe('9');
      expect(page.body.length).toBeGreaterThanOrEqual(1);
      if (page.body.length > 1) expect(page.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
    }
    expect(read.some((page) => page.bytes > MAX_BODY_BYTES && page.body.length === 1)).toBe(true);
    const ids = read.toReversed().flatMap((page) => page.body.map((entry: { id: number }) => entry.id));
    expect(ids).toEqual(mock.requests().map((entry) => entry.id));
    expect(read.at(-1)?.next).toBeUndefined();
  });

  it('keeps its pages when requests arrive between them: a page goes on below an id, not from an offset', async () => {
    for (let i = 1; i <= 7; i++) await post(mock.url, PATHS.syncStore, sync(`r-${i}`));
    const held = mock.requests().map((entry) => entry.id);
    const first = await get('/__admin/requests?limit=3');
    expect(first.body.map((entry: { id: number }) => entry.id)).toEqual(held.slice(-3));
    expect(first.next).toBe(`/__admin/requests?limit=3&before=${held.at(-3)}`);
    await post(mock.url, PATHS.syncStore, sync('meanwhile'));
    const rest = await pages(first.next as string);
    expect(rest.map((page) => page.body.map((entry: { id: number }) => entry.id))).toEqual([
      held.slice(1, 4),
      held.slice(0, 1),
    ]);
    expect(rest[0]?.total).toBe('8');
  });

  it('filters before it pages, and keeps the filters in the next link', async () => {
    for (let i = 1; i <= 12; i++) await post(mock.url, PATHS.syncStore, sync(i % 4 === 0 ? 'wanted' : `r-${i}`));
    await post(mock.url, PATHS.updateStore, { storeId: '000000001', name: 'D' });
    const first = await get('/__admin/requests?match.requestId=wanted&limit=2');
    expect(first.body.map((entry: { rawBody: string }) => JSON.parse(entry.rawBody).requestId)).toEqual([
      'wanted',
      'wanted',
    ]);
    expect(first.next).toMatch(/^\/__admin\/requests\?match.requestId=wanted&limit=2&before=\d+$/);
    const all = await pages('/__admin/requests?match.requestId=wanted&limit=2');
    expect(all.flatMap((page) => page.body).length).toBe(3);
    expect(all.at(-1)?.next).toBeUndefined();
    const updates = await get('/__admin/requests?operationId=updateStore');
    expect(updates.body.map((entry: { operationId: string }) => entry.operationId)).toEqual(['updateStore']);
    expect(updates.total).toBe('13');
  });

  it.each([
    ['limit=0', 'limit must be a whole number >= 1 (got "0")'],
    ['limit=-1', 'limit must be a whole number >= 1 (got "-1")'],
    ['limit=1.5', 'limit must be a whole number >= 1 (got "1.5")'],
    ['limit=ten', 'limit must be a whole number >= 1 (got "ten")'],
    ['before=0', 'before must be a whole number >= 1 (got "0")'],
    ['before=abc', 'before must be a whole number >= 1 (got "abc")'],
    ['before=99999999999999999999', 'before must be a whole number >= 1 (got "99999999999999999999")'],
    ['offset=10', 'offset is not a query parameter; use operationId, outcome, limit, before or match.<path>'],
  ])('refuses %s with a 400 naming the parameter and its rule', async (query, detail) => {
    const answer = await fetch(`${mock.url}/__admin/requests?${query}`);
    expect(answer.status).toBe(400);
    expect((await answer.json()).detail).toBe(detail);
  });

  it("is read whole by the testing client's requests(), which follows the links", async () => {
    for (let i = 1; i <= 6; i++) await post(mock.url, PATHS.syncStore, sync(`big-${i}`, 300_000));
    const admin = new MockAdmin(mock.adminUrl);
    const ids = mock.requests().map((entry) => entry.id);
    expect((await get('/__admin/requests')).next).toBeDefined();
    expect((await admin.requests()).map((entry) => entry.id)).toEqual(ids);
    expect((await admin.requests({ limit: 4 })).map((entry) => entry.id)).toEqual(ids.slice(-4));
    expect((await admin.requests({ matchText: { requestId: 'big-2' } })).map((entry) => entry.id)).toEqual([ids[1]]);
  });
});
