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

  it('cuts a long list to the items that fit, ending with how many more', () => {
    const messages = Array.from(
      { length: 500 },
      (_, i) => `field${i}: must be a string (got a number) ${'x'.repeat(40)}`,
    );
    const text = headerJson(messages, 8_000);
    expect(text.length).toBeLessThanOrEqual(8_000);
    const parsed = JSON.parse(text) as string[];
    expect(parsed.slice(0, -1)).toEqual(messages.slice(0, parsed.length - 1));
    expect(parsed.at(-1)).toBe(`… ${500 - (parsed.length - 1)} more`);
  });

  it('cuts a long text, and an object’s long texts, still valid JSON', () => {
    const text = headerJson('妈'.repeat(5_000), 300);
    expect(text.length).toBeLessThanOrEqual(300);
    expect(JSON.parse(text)).toMatch(/^妈+…$/);
    const object = headerJson({ cause: 'body', stringToSign: 'a'.repeat(20_000) }, 2_000);
    expect(JSON.parse(object)).toEqual({ cause: 'body', stringToSign: `${'a'.repeat(1000)}…` });
    expect(JSON.parse(headerJson({ a: 'b'.repeat(900), c: 'd'.repeat(900) }, 100))).toEqual({ truncated: true });
  });
});
