// The Alipay+ Open API message signature: SHA256withRSA over `<METHOD> <URI>\n<Client-Id>.<time>.<body>`,
// base64, then URL-encoded. On Node, PEM keys sign with node:crypto: WebCrypto's promise hops through the thread
// pool and costs more than all of the client's own work. Elsewhere (Deno, Bun, browsers, workers), WebCrypto.
import type * as NodeCrypto from 'node:crypto';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

/** A PEM string (PKCS#8 private or SPKI public key) or a WebCrypto key already imported for RSASSA-PKCS1-v1_5/SHA-256. */
export type KeyInput = string | CryptoKey;

export interface SignedMessage {
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** Request URI: path and query as sent, e.g. `/v2/pos/syncStore`. */
  readonly uri: string;
  readonly clientId: string;
  /** `Request-Time` for a request, `Response-Time` for a response, exactly as in the header. */
  readonly time: string;
  /** The exact body text sent. */
  readonly body: string;
}

export interface ParsedSignature {
  readonly algorithm: string;
  readonly keyVersion: string | undefined;
  /** Still URL-encoded, as in the header. */
  readonly signature: string;
}

/** `<METHOD> <URI>\n<Client-Id>.<time>.<body>` */
export function buildStringToSign({ method, uri, clientId, time, body }: SignedMessage): string {
  return `${method.toUpperCase()} ${uri}\n${clientId}.${time}.${body}`;
}

/** `2023-08-28T22:16:07+00:00`: ISO 8601 with an offset, to the second, as the vendor's examples write it. */
export function formatRequestTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** ISO 8601 (any offset form) or epoch milliseconds, as the gateway family writes times; NaN otherwise. */
export function parseSignedTime(text: string): number {
  if (/^\d{13}$/.test(text)) return Number(text);
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(iso) ? Date.parse(iso) : Number.NaN;
}

const importCache = new Map<string, Promise<CryptoKey>>();
const onNode = typeof process === 'object' && typeof process.versions?.node === 'string';
let nodeCrypto: Promise<typeof NodeCrypto | undefined> | undefined;
const loadNodeCrypto = () => {
  nodeCrypto ??= onNode ? import('node:crypto').catch(() => undefined) : Promise.resolve(undefined);
  return nodeCrypto;
};
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
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

function importKey(key: KeyInput, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (typeof key !== 'string') return Promise.resolve(key);
  let imported = importCache.get(key);
  if (imported === undefined) {
    const der = Uint8Array.from(atob(key.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    imported = crypto.subtle.importKey(usage === 'sign' ? 'pkcs8' : 'spki', der, ALGORITHM, false, [usage]);
    importCache.set(key, imported);
  }
  return imported;
}

/** The URL-encoded base64 SHA256withRSA signature of the message. */
export async function signMessage(message: SignedMessage, privateKey: KeyInput): Promise<string> {
  const data = encoder.encode(buildStringToSign(message));
  const node = typeof privateKey === 'string' ? await loadNodeCrypto() : undefined;
  if (node !== undefined)
    return encodeURIComponent(
      node.sign('sha256', data, nodeKey(node, privateKey as string, 'sign')).toString('base64'),
    );
  const key = await importKey(privateKey, 'sign');
  return encodeURIComponent(base64(new Uint8Array(await crypto.subtle.sign(ALGORITHM, key, data))));
}

/** The `Signature` header value for a request: `algorithm=RSA256,keyVersion=N,signature=…`. */
export async function signRequest(
  message: SignedMessage,
  privateKey: KeyInput,
  keyVersion?: number | string,
): Promise<string> {
  const version = keyVersion === undefined ? '' : `keyVersion=${keyVersion},`;
  return `algorithm=RSA256,${version}signature=${await signMessage(message, privateKey)}`;
}

/** Reads a `Signature` header; keys are case-insensitive and a space may follow each comma. Undefined if malformed. */
export function parseSignatureHeader(header: string): ParsedSignature | undefined {
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

/** Whether `signatureHeader` is a valid RSA256 signature of the message by the holder of `publicKey`. */
export async function verifyResponseSignature(
  message: SignedMessage,
  signatureHeader: string,
  publicKey: KeyInput,
): Promise<boolean> {
  const parsed = parseSignatureHeader(signatureHeader);
  if (parsed === undefined || parsed.algorithm.toUpperCase() !== 'RSA256') return false;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(decodeURIComponent(parsed.signature)), (c) => c.charCodeAt(0));
  } catch {
    return false;
  }
  const data = encoder.encode(buildStringToSign(message));
  const node = typeof publicKey === 'string' ? await loadNodeCrypto() : undefined;
  if (node !== undefined) return node.verify('sha256', data, nodeKey(node, publicKey as string, 'verify'), bytes);
  return crypto.subtle.verify(ALGORITHM, await importKey(publicKey, 'verify'), bytes, data);
}
