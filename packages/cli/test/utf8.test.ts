// firstInvalidUtf8Byte against a table of well- and ill-formed sequences, with a fatal TextDecoder as the oracle.
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8Byte } from '../src/utf8.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('firstInvalidUtf8Byte', () => {
  it.each([
    { given: 'empty', bytes: bytes(), want: undefined },
    { given: 'ASCII', bytes: text('{"a":1}'), want: undefined },
    { given: 'two, three and four bytes', bytes: text('é€🍜ร้าน'), want: undefined },
    { given: 'a byte order mark', bytes: text('\uFEFF{}'), want: undefined },
    { given: 'the largest code point', bytes: bytes(0xf4, 0x8f, 0xbf, 0xbf), want: undefined },
    { given: 'Latin-1 é', bytes: bytes(0x63, 0x61, 0x66, 0xe9, 0x22), want: 3 },
    { given: 'a lone continuation byte', bytes: bytes(0x41, 0x80), want: 1 },
    { given: 'an overlong NUL', bytes: bytes(0xc0, 0x80), want: 0 },
    { given: 'an overlong three-byte form', bytes: bytes(0x41, 0xe0, 0x80, 0x80), want: 1 },
    { given: 'an overlong four-byte form', bytes: bytes(0xf0, 0x80, 0x80, 0x80), want: 0 },
    { given: 'a surrogate', bytes: bytes(0xed, 0xa0, 0x80), want: 0 },
    { given: 'past U+10FFFF', bytes: bytes(0xf4, 0x90, 0x80, 0x80), want: 0 },
    { given: 'F5, never a lead byte', bytes: bytes(0xf5, 0x80, 0x80, 0x80), want: 0 },
    { given: 'a sequence cut at the end', bytes: bytes(0x41, 0x42, 0xe2, 0x82), want: 2 },
    { given: 'a sequence cut by ASCII', bytes: bytes(0xe2, 0x41, 0x42), want: 0 },
  ])('$given: $want', ({ bytes: given, want }) => {
    expect(firstInvalidUtf8Byte(given)).toBe(want);
    const decodes = (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(given);
        return true;
      } catch {
        return false;
      }
    })();
    expect(decodes).toBe(want === undefined);
  });
});
