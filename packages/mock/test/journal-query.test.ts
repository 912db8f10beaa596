// Journal filters from a URL query: plain values (`match.requestId=r-1`) as well as JSON (`match.requestId="r-1"`),
// so a test in any language can write them without quoting.
import { describe, expect, it } from 'vitest';
import { journalQuery } from '../src/admin.js';
import { matchesText } from '../src/journal.js';

const body = {
  requestId: 'r-1',
  posAccountId: '123',
  store: { posStoreId: 's-9', status: 'OPEN' },
  count: 3,
  on: true,
};

describe('matchesText', () => {
  const table: [string, Record<string, string>, boolean][] = [
    ['a plain text value', { requestId: 'r-1' }, true],
    ['the same value as JSON', { requestId: '"r-1"' }, true],
    ['a nested path', { 'store.posStoreId': 's-9' }, true],
    ['a digit string held as a string, written plain', { posAccountId: '123' }, true],
    ['a digit string held as a string, written as JSON', { posAccountId: '"123"' }, true],
    ['a number held as a number', { count: '3' }, true],
    ['a boolean', { on: 'true' }, true],
    ['an object as JSON', { store: '{"posStoreId":"s-9","status":"OPEN"}' }, true],
    ['every field must match', { requestId: 'r-1', 'store.status': 'CLOSED' }, false],
    ['another value', { requestId: 'r-2' }, false],
    ['a number written where the body holds its text differently', { count: '"3"' }, false],
    ['a path the body does not have', { 'store.name': 'x' }, false],
    ['a path the body does not have, asked as null', { 'store.name': 'null' }, false],
    ['no filter', {}, true],
  ];
  it.each(table)('%s', (_name, match, want) => {
    expect(matchesText(body, match)).toBe(want);
  });
});

describe('journalQuery', () => {
  it('takes match values as text, for matchesText to read', () => {
    expect(journalQuery(new URLSearchParams('operationId=syncStore&match.requestId=r-1&limit=2'))).toEqual({
      operationId: 'syncStore',
      limit: 2,
      matchText: { requestId: 'r-1' },
    });
  });

  it('refuses a parameter it does not know, naming the ones it does', () => {
    expect(() => journalQuery(new URLSearchParams('requestId=r-1'))).toThrow(
      'requestId is not a query parameter; use operationId, outcome, limit, before or match.<path>',
    );
  });
});
