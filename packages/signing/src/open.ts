// Opening an RSA signature with the public key (s^e mod n, what node:crypto's publicDecrypt does) shows what was
// signed: PKCS#1 v1.5 keeps the hash algorithm and the digest in the block. BigInt and WebCrypto's JWK export, so
// the diagnosis runs wherever WebCrypto does; verifying still goes through the platform's own verify.
import { type KeyInput, pemBytes } from './signature.js';

export type HashName = 'MD5' | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
  /** The modulus length in bytes: the length of every signature the key makes (256 for RSA 2048). */
  readonly bytes: number;
}

export type Opening =
  /** A PKCS#1 v1.5 block: the key is the signer's. `hash` undefined: a bare digest, signed without a DigestInfo. */
  | { readonly kind: 'pkcs1'; readonly hash: HashName | undefined; readonly digest: Uint8Array }
  /** An RSA-PSS block (SHA-256 MGF1): the key is the signer's, the padding is not the scheme's. */
  | { readonly kind: 'pss' }
  /** Neither: another key made it, or it was changed. */
  | { readonly kind: 'none' };

const HASH_OIDS: Readonly<Record<string, HashName>> = {
  '2a864886f70d0205': 'MD5',
  '2b0e03021a': 'SHA-1',
  '608648016503040204': 'SHA-224',
  '608648016503040201': 'SHA-256',
  '608648016503040202': 'SHA-384',
  '608648016503040203': 'SHA-512',
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${hex(bytes)}`));

/** The key's modulus and exponent; undefined if it is not an RSA public key this can read. */
export async function readRsaPublicKey(key: KeyInput): Promise<RsaPublicKey | undefined> {
  try {
    const imported =
      typeof key === 'string'
        ? await crypto.subtle.importKey('spki', pemBytes(key), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, [
            'verify',
          ])
        : key;
    if (imported.type !== 'public' || !imported.extractable) return undefined;
    const jwk = await crypto.subtle.exportKey('jwk', imported);
    if (jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined) return undefined;
    const modulus = fromBase64Url(jwk.n);
    const leading = modulus.findIndex((b) => b !== 0);
    return { n: toBigInt(modulus), e: toBigInt(fromBase64Url(jwk.e)), bytes: modulus.length - Math.max(leading, 0) };
  } catch {
    return undefined;
  }
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The block `signature` opens to with `key` (its length must be the key's); what it holds, if anything. */
export async function openSignature(signature: Uint8Array, key: RsaPublicKey): Promise<Opening> {
  const s = toBigInt(signature);
  if (signature.length !== key.bytes || s >= key.n) return { kind: 'none' };
  const block = Uint8Array.from(
    modPow(s, key.e, key.n)
      .toString(16)
      .padStart(key.bytes * 2, '0')
      .match(/../g) ?? [],
    (pair) => Number.parseInt(pair, 16),
  );
  const pkcs1 = openPkcs1(block);
  if (pkcs1 !== undefined) return pkcs1;
  return (await isPss(block, key)) ? { kind: 'pss' } : { kind: 'none' };
}

/** 00 01 FF…FF 00 DigestInfo (RFC 8017 9.2), with the DigestInfo's NULL parameters or without. */
function openPkcs1(block: Uint8Array): Opening | undefined {
  if (block[0] !== 0 || block[1] !== 1) return undefined;
  let at = 2;
  while (block[at] === 0xff) at++;
  if (at < 10 || block[at] !== 0) return undefined;
  const info = block.subarray(at + 1);
  // SEQUENCE { SEQUENCE { OID, NULL? }, OCTET STRING }, every length short-form for these hashes.
  if (info[0] === 0x30 && info[1] === info.length - 2 && info[2] === 0x30 && info[4] === 0x06) {
    const algorithmEnd = 4 + (info[3] ?? 0);
    const oid = info.subarray(6, 6 + (info[5] ?? 0));
    const hash = HASH_OIDS[hex(oid)];
    const digestAt = algorithmEnd + 2;
    if (hash !== undefined && info[algorithmEnd] === 0x04 && info[algorithmEnd + 1] === info.length - digestAt)
      return { kind: 'pkcs1', hash, digest: info.subarray(digestAt) };
  }
  return [16, 20, 28, 32, 48, 64].includes(info.length) ? { kind: 'pkcs1', hash: undefined, digest: info } : undefined;
}

/**
 * EMSA-PSS's structure (RFC 8017 9.1.2) with SHA-256 and MGF1-SHA-256, which needs no message to check. A block
 * by another key passes it by chance about once in 32,768 (0xbc, then a first non-zero byte of 1).
 */
async function isPss(block: Uint8Array, key: RsaPublicKey): Promise<boolean> {
  const emBits = key.n.toString(2).length - 1;
  const em = block.length * 8 - emBits >= 8 ? block.subarray(1) : block;
  if (em[em.length - 1] !== 0xbc || em.length < 66) return false;
  const h = em.subarray(em.length - 33, em.length - 1);
  const masked = em.subarray(0, em.length - 33);
  const mask = new Uint8Array(Math.ceil(masked.length / 32) * 32);
  for (let counter = 0; counter * 32 < masked.length; counter++) {
    const input = new Uint8Array([...h, 0, 0, 0, counter]);
    mask.set(new Uint8Array(await crypto.subtle.digest('SHA-256', input)), counter * 32);
  }
  const db = masked.map((b, i) => b ^ (mask[i] ?? 0));
  db[0] = (db[0] ?? 0) & (0xff >> (8 * em.length - emBits));
  const one = db.findIndex((b) => b !== 0);
  return one >= 0 && db[one] === 1;
}
