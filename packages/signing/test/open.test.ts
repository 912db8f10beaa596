// What a signature opens to with the registered public key, at the edges of the rules the gateway applies: the
// signature's length and value against the modulus, PKCS#1 v1.5's padding and DigestInfo byte by byte, and RSA-PSS
// at key sizes where its encoded block is shorter than the signature. Blocks are made with the raw RSA primitive
// (node:crypto, no padding) so each rule can be broken alone.
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  privateEncrypt,
  publicDecrypt,
} from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Open from '../src/open.js';

// Each test loads the module afresh, so its module-level tables (the hash OIDs) are part of what each test checks,
// not only the copy loaded before the test began.
let open: typeof Open;
beforeEach(async () => {
  vi.resetModules();
  open = await import('../src/open.js');
});

interface Pair {
  readonly privateKey: string;
  readonly publicKey: string;
}
const pairOf = (bits: number): Pair =>
  generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const pairs = new Map<number, Pair>([[2048, generateRsaKeyPair()]]);
const pair = (bits: number): Pair => {
  const made = pairs.get(bits) ?? pairOf(bits);
  pairs.set(bits, made);
  return made;
};
const readKey = async (bits: number) => {
  const key = await open.readRsaPublicKey(pair(bits).publicKey);
  if (key === undefined) throw new Error(`the ${bits}-bit key did not read`);
  return key;
};
/** The signature whose opening is exactly `block` (the raw RSA primitive, no padding). */
const signatureOf = (bits: number, block: Uint8Array) =>
  new Uint8Array(privateEncrypt({ key: pair(bits).privateKey, padding: constants.RSA_NO_PADDING }, block));
/** The block a signature opens to, by node:crypto. */
const blockOf = (bits: number, signature: Uint8Array) =>
  new Uint8Array(publicDecrypt({ key: pair(bits).publicKey, padding: constants.RSA_NO_PADDING }, signature));
const openWith = async (bits: number, signature: Uint8Array) => open.openSignature(signature, await readKey(bits));

const TEXT = 'POST /v2/pos/syncStore\nTEST_5X00000000000000.2026-11-24T07:01:38+00:00.{}';
const sha256 = createHash('sha256').update(TEXT).digest();
const sha512 = createHash('sha512').update(TEXT).digest();
/** DigestInfo prefixes (RFC 8017 9.2 note 1), with the NULL parameters. */
const SHA256_INFO = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), sha256]);
const SHA512_INFO = Buffer.concat([Buffer.from('3051300d060960864801650304020305000440', 'hex'), sha512]);
/** 00 01, `ff` bytes of FF, 00, the payload. */
const type1 = (ff: number, payload: Uint8Array) =>
  Uint8Array.from([0x00, 0x01, ...Array(ff).fill(0xff), 0x00, ...payload]);
const changed = (bytes: Uint8Array, at: number, value: number) => {
  const copy = Uint8Array.from(bytes);
  copy[at] = value;
  return copy;
};

describe('a signature the gateway would refuse before opening it opens to nothing', () => {
  it('refuses an empty signature', async () => {
    expect(await openWith(2048, new Uint8Array(0))).toEqual({ kind: 'none' });
  });

  it('refuses a good signature with a 00 byte in front (longer than the modulus)', async () => {
    const good = signatureOf(2048, type1(256 - 3 - SHA256_INFO.length, SHA256_INFO));
    expect(await openWith(2048, good)).toMatchObject({ kind: 'pkcs1', hash: 'SHA-256' });
    expect(await openWith(2048, Uint8Array.from([0, ...good]))).toEqual({ kind: 'none' });
  });

  it('refuses a signature plus the modulus, though it is the same number modulo the modulus', async () => {
    // A 1025-bit modulus is under half of 256^129, so the sum still fits in the signature's 129 bytes.
    const good = signatureOf(1025, type1(129 - 3 - SHA256_INFO.length, SHA256_INFO));
    expect(await openWith(1025, good)).toMatchObject({ kind: 'pkcs1', hash: 'SHA-256' });
    const key = await readKey(1025);
    const sum = (BigInt(`0x${Buffer.from(good).toString('hex')}`) + key.n).toString(16).padStart(258, '0');
    expect(sum).toHaveLength(258);
    expect(await openWith(1025, Uint8Array.from(Buffer.from(sum, 'hex')))).toEqual({ kind: 'none' });
  });
});

describe('PKCS#1 v1.5 padding (RFC 8017 9.2): at least eight FF bytes', () => {
  it.each([
    { given: 'eight FF bytes, the least allowed', bits: 752, ff: 8, want: { kind: 'pkcs1', hash: 'SHA-512' } },
    { given: 'seven FF bytes', bits: 744, ff: 7, want: { kind: 'none' } },
  ])('reads a SHA-512 DigestInfo after $given as $want.kind', async ({ bits, ff, want }) => {
    const block = type1(ff, SHA512_INFO);
    expect(block).toHaveLength(bits / 8);
    expect(await openWith(bits, signatureOf(bits, block))).toMatchObject(want);
  });
});

describe('a PKCS#1 v1.5 signature names its hash from the DigestInfo OID', () => {
  it.each([
    { hash: 'md5', want: 'MD5' },
    { hash: 'sha1', want: 'SHA-1' },
    { hash: 'sha224', want: 'SHA-224' },
    { hash: 'sha256', want: 'SHA-256' },
    { hash: 'sha384', want: 'SHA-384' },
    { hash: 'sha512', want: 'SHA-512' },
  ])('names $want in a $hash signature, with its digest', async ({ hash, want }) => {
    const signature = new Uint8Array(nodeSign(hash, Buffer.from(TEXT), pair(2048).privateKey));
    const digest = new Uint8Array(createHash(hash).update(TEXT).digest());
    expect(await openWith(2048, signature)).toEqual({ kind: 'pkcs1', hash: want, digest });
  });
});

describe('a DigestInfo with any byte of its structure wrong opens to nothing', () => {
  // 30 31 | 30 0d | 06 09 <OID> | 05 00 | 04 20 <digest>
  it('reads the unchanged DigestInfo, with its digest', async () => {
    const opened = await openWith(2048, signatureOf(2048, type1(256 - 3 - SHA256_INFO.length, SHA256_INFO)));
    expect(opened).toEqual({ kind: 'pkcs1', hash: 'SHA-256', digest: new Uint8Array(sha256) });
  });

  it.each([
    { given: 'the outer SEQUENCE tag', at: 0, value: 0x31 },
    { given: 'the outer length', at: 1, value: 0x30 },
    { given: 'the AlgorithmIdentifier SEQUENCE tag', at: 2, value: 0x31 },
    { given: 'the OID tag', at: 4, value: 0x05 },
    { given: 'the OCTET STRING tag', at: 17, value: 0x05 },
    { given: 'the OCTET STRING length', at: 18, value: 0x21 },
  ])('opens nothing when $given is wrong', async ({ at, value }) => {
    const info = changed(SHA256_INFO, at, value);
    expect(await openWith(2048, signatureOf(2048, type1(256 - 3 - info.length, info)))).toEqual({ kind: 'none' });
  });
});

describe('RSA-PSS (SHA-256, MGF1-SHA-256) is recognised from its structure', () => {
  const pss = (bits: number, saltLength: number) =>
    new Uint8Array(
      nodeSign('sha256', Buffer.from(TEXT), {
        key: pair(bits).privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength,
      }),
    );

  it.each([
    { given: 'a 1025-bit key (the block is a byte shorter than the signature)', bits: 1025, saltLength: 32 },
    { given: 'a 1032-bit key, longest salt (no zero padding before the 01)', bits: 1032, saltLength: 95 },
    { given: 'a 528-bit key, the shortest block with a 32-byte salt', bits: 528, saltLength: 32 },
    { given: 'a 2048-bit key, no salt', bits: 2048, saltLength: 0 },
  ])('reads RSA-PSS by $given', async ({ bits, saltLength }) => {
    expect(await openWith(bits, pss(bits, saltLength))).toEqual({ kind: 'pss' });
  });

  it('does not read a block shorter than SHA-256 with a 32-byte salt needs (a 520-bit key)', async () => {
    expect(await openWith(520, pss(520, 0))).toEqual({ kind: 'none' });
  });

  it('opens nothing from an RSA-PSS block whose last byte is not BC', async () => {
    const block = blockOf(2048, pss(2048, 0));
    expect(block[255]).toBe(0xbc);
    expect(await openWith(2048, signatureOf(2048, changed(block, 255, 0xbd)))).toEqual({ kind: 'none' });
  });

  it('opens nothing from an RSA-PSS block whose 01 before the salt is changed', async () => {
    // No salt: the data block is 222 zeros then 01, masked; the 01 is the block's byte 222.
    const block = blockOf(2048, pss(2048, 0));
    const broken = changed(block, 222, (block[222] ?? 0) ^ 0x02);
    expect(await openWith(2048, signatureOf(2048, broken))).toEqual({ kind: 'none' });
  });
});

describe('readRsaPublicKey', () => {
  it('reads an exportable public CryptoKey as it reads the same key in PEM', async () => {
    const cryptoKey = await crypto.subtle.importKey(
      'spki',
      createPublicKey(pair(2048).publicKey).export({ type: 'spki', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    );
    expect(await open.readRsaPublicKey(cryptoKey)).toEqual(await readKey(2048));
  });
});
