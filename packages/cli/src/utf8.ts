// Where a body stops being UTF-8: the signing scheme signs text, so a body that is not UTF-8 has no string to sign.

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode Table 3-7), if any. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  const continues = (i: number, low = 0x80, high = 0xbf) => at(i) >= low && at(i) <= high;
  for (let i = 0; i < bytes.length; ) {
    const lead = at(i);
    let length = 0;
    if (lead <= 0x7f) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = continues(i + 1) ? 2 : 0;
    else if (lead >= 0xe0 && lead <= 0xef) {
      // E0 needs A0-BF (no overlong form), ED needs 80-9F (no surrogate).
      const second =
        lead === 0xe0 ? continues(i + 1, 0xa0) : lead === 0xed ? continues(i + 1, 0x80, 0x9f) : continues(i + 1);
      length = second && continues(i + 2) ? 3 : 0;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      // F0 needs 90-BF (no overlong form), F4 needs 80-8F (nothing past U+10FFFF).
      const second =
        lead === 0xf0 ? continues(i + 1, 0x90) : lead === 0xf4 ? continues(i + 1, 0x80, 0x8f) : continues(i + 1);
      length = second && continues(i + 2) && continues(i + 3) ? 4 : 0;
    }
    if (length === 0) return i;
    i += length;
  }
  return undefined;
}
