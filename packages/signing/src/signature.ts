// The Alipay+ Open API message signature, the only place this repo writes it: SHA256withRSA over
// `<METHOD> <URI>\n<Client-Id>.<time>.<body>`, base64, then URL-encoded, carried as
// `algorithm=RSA256,keyVersion=N,signature=…`. The same construction signs a request (with its Request-Time) and
// a response (with its Response-Time and the request's method and URI), so the names say what, not which way.
// On Node, PEM keys sign with node:crypto (WebCrypto's promise hops through the thread pool and costs more than all
// of a client's own work); elsewhere (browsers, Deno, Bun, workers), WebCrypto.
import type * as NodeCrypto from 'node:crypto';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

/** A PEM string (PKCS#8 private or SPKI public key) or a WebCrypto key imported for RSASSA-PKCS1-v1_5/SHA-256. */
export type KeyInput = string | CryptoKey;

/** What a signature covers. */
export interface SignedMessage {
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** Request URI: path and query as sent, e.g. `/v2/pos/syncStore` (also for the response that answers it). */
  readonly uri: string;
  readonly clientId: string;
  /** `Request-Time` for a request, `Response-Time` for a response, exactly as in the header. */
  readonly time: string;
  /** The exact body text sent. */
  readonly body: string;
}

export interface SignatureHeader {
  /** `RSA256` (compared case-insensitively). */
  readonly algorithm: string;
  readonly keyVersion: string | undefined;
  /** Still URL-encoded, as in the header. */
  readonly signature: string;
}

/** `<METHOD> <URI>\n<Client-Id>.<time>.<body>` */
export function buildStringToSign({ method, uri, clientId, time, body }: SignedMessage): string {
  return `${method.toUpperCase()} ${uri}\n${clientId}.${time}.${body}`;
}

/** `2023-08-28T22:16:07+00:00`: ISO 8601 with an offset, to the second, as the vendor's pages write it. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * A Request-Time or Response-Time as epoch milliseconds: ISO 8601 (`Z`, or an offset with or without a colon,
 * fractional seconds or not) or 13-digit epoch milliseconds, the forms the vendor's pages and SDKs use. NaN otherwise.
 */
export function parseTime(text: string): number {
  if (/^\d{13}$/.test(text)) return Number(text);
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(iso) ? Date.parse(iso) : Number.NaN;
}

/** `algorithm=RSA256,keyVersion=N,signature=…` (keyVersion left out when not given: the platform uses the latest). */
export function formatSignatureHeader(signature: string, keyVersion?: number | string): string {
  return `algorithm=RSA256,${keyVersion === undefined ? '' : `keyVersion=${keyVersion},`}signature=${signature}`;
}

/** Reads a Signature header: keys case-insensitive, a space may follow each comma. Undefined if malformed. */
export function parseSignatureHeader(header: string): SignatureHeader | undefined {
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const algorithm = fields.get('algorithm');
  const signature = fields.get('signature');
  if (algorithm === undefined || signature === undefined || signature === '') return undefined;
  return { algorithm, keyVersion: fields.get('keyversion'), signature };
}

const onNode = typeof process === 'object' && typeof process.versions?.node === 'string';
let nodeCrypto: Promise<typeof NodeCrypto | undefined> | undefined;
const loadNodeCrypto = () => {
  nodeCrypto ??= onNode ? import('node:crypto').catch(() => undefined) : Promise.resolve(undefined);
  return nodeCrypto;
};
const base64 = (bytes: Uint8Array) => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
};
/**
 * The bytes of a binary string (one char per byte, as atob gives them). A plain loop: Uint8Array.from with a mapping
 * function walks the string's iterator, many times slower, and every verified request decodes a signature.
 */
function binaryBytes(binary: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
/** A PEM key's DER bytes. */
export const pemBytes = (pem: string) => binaryBytes(atob(pem.replace(/-----[^-]+-----|\s/g, '')));

const keyObjects = new Map<string, NodeCrypto.KeyObject>();
/** A PEM string parsed once into a node:crypto key (parsing costs more than signing). */
function nodeKey(node: typeof NodeCrypto, pem: string, usage: 'sign' | 'verify'): NodeCrypto.KeyObject {
  let key = keyObjects.get(pem);
  if (key === undefined) {
    key = usage === 'sign' ? node.createPrivateKey(pem) : node.createPublicKey(pem);
    keyObjects.set(pem, key);
  }
  return key;
}

const importCache = new Map<string, Promise<CryptoKey>>();
function importKey(key: KeyInput, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (typeof key !== 'string') return Promise.resolve(key);
  let imported = importCache.get(key);
  if (imported === undefined) {
    imported = crypto.subtle.importKey(usage === 'sign' ? 'pkcs8' : 'spki', pemBytes(key), ALGORITHM, false, [usage]);
    importCache.set(key, imported);
  }
  return imported;
}

/** The signature value: URL-encoded base64 SHA256withRSA of the string to sign. */
export async function sign(message: SignedMessage, privateKey: KeyInput): Promise<string> {
  const data = encoder.encode(buildStringToSign(message));
  const node = typeof privateKey === 'string' ? await loadNodeCrypto() : undefined;
  if (node !== undefined)
    return encodeURIComponent(
      node.sign('sha256', data, nodeKey(node, privateKey as string, 'sign')).toString('base64'),
    );
  const key = await importKey(privateKey, 'sign');
  return encodeURIComponent(base64(new Uint8Array(await crypto.subtle.sign(ALGORITHM, key, data))));
}

/** The whole Signature header for the message: `algorithm=RSA256,keyVersion=N,signature=…`. */
export async function createSignatureHeader(
  message: SignedMessage,
  privateKey: KeyInput,
  keyVersion?: number | string,
): Promise<string> {
  return formatSignatureHeader(await sign(message, privateKey), keyVersion);
}

/**
 * The signature's bytes, decoded as the gateway's SDKs do: form-URL-decoded (so a raw `+` becomes a space, and a
 * value sent without URL-encoding fails, as it does at the gateway), then base64. `raw` skips the URL-decoding, for
 * the diagnosis. Undefined if not decodable.
 */
export function decodeSignature(value: string, raw = false): Uint8Array<ArrayBuffer> | undefined {
  try {
    const text = raw ? value : decodeURIComponent(value.replaceAll('+', ' '));
    return binaryBytes(atob(text));
  } catch {
    return undefined;
  }
}

/** Whether `bytes` are a SHA256withRSA signature of `text` (UTF-8) by `publicKey`. */
export async function verifyString(
  text: string,
  bytes: Uint8Array<ArrayBuffer>,
  publicKey: KeyInput,
): Promise<boolean> {
  const data = encoder.encode(text);
  const node = typeof publicKey === 'string' ? await loadNodeCrypto() : undefined;
  if (node !== undefined) return node.verify('sha256', data, nodeKey(node, publicKey as string, 'verify'), bytes);
  return crypto.subtle.verify(ALGORITHM, await importKey(publicKey, 'verify'), bytes, data);
}

/** Whether `signatureHeader` is a valid RSA256 signature of the message by the holder of `publicKey`. */
export async function verify(message: SignedMessage, signatureHeader: string, publicKey: KeyInput): Promise<boolean> {
  const parsed = parseSignatureHeader(signatureHeader);
  if (parsed === undefined || parsed.algorithm.toUpperCase() !== 'RSA256') return false;
  const bytes = decodeSignature(parsed.signature);
  return bytes !== undefined && verifyString(buildStringToSign(message), bytes, publicKey);
}

/** SHA-256 of the key's DER bytes (SPKI for a public key), hex: `sha256:3f9a…`. */
export async function keyFingerprint(publicKeyPem: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', pemBytes(publicKeyPem)));
  return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
