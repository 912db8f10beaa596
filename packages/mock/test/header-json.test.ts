// The mock's x-mock-* headers carry JSON a test parses: whatever the value and however long, the header is valid
// JSON, ASCII only, within its limit, and says what it left out.
import { describe, expect, it } from 'vitest';
import { headerJson } from '../src/http.js';

describe('headerJson', () => {
  it('keeps a short value whole, non-ASCII escaped', () => {
    const text = headerJson(['name: must be at most 5 characters → 妈妈']);
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(text)).toEqual(['name: must be at most 5 characters → 妈妈']);
  });

  // Ten items of 98 characters: 100 each encoded, and a note such as "\u2026 7 more" of 15 (16 for 10), worked out
  // by hand: the brackets, each kept item and its comma, and room left for the note and a comma before it.
  const ten = Array.from({ length: 10 }, () => 'm'.repeat(98));
  it.each([
    [350, 3, '… 7 more', 320],
    [321, 3, '… 7 more', 320],
    [320, 2, '… 8 more', 219],
    // Room for one item and "… 9 more", not for one and a two-digit note.
    [119, 1, '… 9 more', 118],
    [20, 0, '… 10 more', 18],
  ])(
    'cuts a list to the items that fit a limit of %i: %i kept, then "%s" (%i characters)',
    (limit, kept, note, length) => {
      const text = headerJson(ten, limit);
      expect(text).toHaveLength(length);
      expect(JSON.parse(text)).toEqual([...ten.slice(0, kept), note]);
    },
  );

  it('cuts a long text, and an object’s long texts, still valid JSON', () => {
    const text = headerJson('妈'.repeat(5_000), 300);
    expect(text.length).toBeLessThanOrEqual(300);
    expect(JSON.parse(text)).toMatch(/^妈+…$/);
    const object = headerJson({ cause: 'body', stringToSign: 'a'.repeat(20_000) }, 2_000);
    expect(JSON.parse(object)).toEqual({ cause: 'body', stringToSign: `${'a'.repeat(1000)}…` });
    expect(JSON.parse(headerJson({ a: 'b'.repeat(900), c: 'd'.repeat(900) }, 100))).toEqual({ truncated: true });
  });

  it('cuts only an object’s texts longer than 1,000 characters, and keeps the result if it fits to the character', () => {
    const value = { exact: 'x'.repeat(1000), long: 'y'.repeat(1100) };
    const want = JSON.stringify({ exact: 'x'.repeat(1000), long: `${'y'.repeat(1000)}…` }).replace('…', '\\u2026');
    expect(headerJson(value, want.length)).toBe(want);
    expect(headerJson(value, want.length - 1)).toBe('{"truncated":true}');
  });

  it('leaves an object’s lists whole, never cut as text', () => {
    const value = { list: Array.from({ length: 1001 }, () => 'abcdefghij') };
    expect(headerJson(value, 12_000)).toBe('{"truncated":true}');
  });

  it('writes null whole even past a limit shorter than itself', () => {
    expect(headerJson(null, 3)).toBe('null');
  });
});
