// Why a signature does not verify, as a test (or a partner at a terminal) wants to read it: the string the
// verifier built, its byte length and SHA-256, the key's fingerprint, and the cause. The signature is opened with
// the public key (./open.ts): a block that does not open means another key; one that opens gives the hash
// algorithm and the digest of what was signed, which is compared with the digests of the usual mistakes (a body
// serialised again, the time in another form or taken twice, the URI with its host, …), so the cause is named
// from what was signed, not guessed.
import { type HashName, type Opening, openSignature, readRsaPublicKey } from './open.js';
import {
  buildStringToSign,
  decodeSignature,
  formatTime,
  type KeyInput,
  keyFingerprint,
  parseSignatureHeader,
  parseTime,
  type SignedMessage,
  verifyString,
} from './signature.js';

/**
 * What differs between what was signed and what was received:
 * - `missing`, `malformed`: no Signature header, or one that cannot be read (or whose value is not an RSA signature);
 * - `no-key`: no public key is registered for the Client-Id;
 * - `encoding`: the signature value's encoding (not URL-encoded, URL-encoded twice, `+` read as a space, base64url, hex);
 * - `algorithm`: not SHA256withRSA (another header algorithm, SHA-1 or another hash, RSA-PSS, a 1024-bit key);
 * - `key`: the signature does not open with the registered public key: another private key made it;
 * - `method`, `uri`, `line-break`, `client-id`, `time`, `body`: the registered key made it, over a string that
 *   differs from the one received in that part, in a recognised way;
 * - `content`: the registered key made it, over a string that differs in a way none of those explains.
 */
export type SignatureCause =
  | 'missing'
  | 'malformed'
  | 'no-key'
  | 'encoding'
  | 'algorithm'
  | 'key'
  | 'method'
  | 'uri'
  | 'line-break'
  | 'client-id'
  | 'time'
  | 'body'
  | 'content';

export interface SignatureDiagnosis {
  readonly valid: boolean;
  /** Undefined when valid. */
  readonly cause: SignatureCause | undefined;
  /** One sentence: what is wrong and what to fix. */
  readonly reason: string;
  /** The string the verifier built from the message as received. */
  readonly stringToSign: string;
  /** Its length in UTF-8 bytes, and its SHA-256 (hex): compare them with your signer's. */
  readonly bytes: number;
  readonly sha256: string;
  /** The public key it verified against, `sha256:…` of its DER bytes. */
  readonly keyFingerprint: string | undefined;
}

export interface DiagnoseInput {
  /** The message as the verifier received it. */
  readonly message: SignedMessage;
  /** The Signature header as received; undefined when there was none. */
  readonly signatureHeader: string | undefined;
  /** The public key registered for the message's Client-Id; undefined when none is. */
  readonly publicKey: KeyInput | undefined;
  /** The host the request was sent to, to recognise a string signed with it. */
  readonly host?: string;
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
const quote = (text: string) => JSON.stringify(text);
// The mistakes are tried in batches, and stop at a bound, so a large body costs a bounded number of digests.
const BATCH = 64;
const HASHED_BYTES_LIMIT = 64 * 1024 * 1024;

/** Explains a signature: valid, or what differs between what was signed and what was received. */
export async function diagnoseSignature(input: DiagnoseInput): Promise<SignatureDiagnosis> {
  const { message, signatureHeader, publicKey } = input;
  const stringToSign = buildStringToSign(message);
  const encoded = encoder.encode(stringToSign);
  const facts = {
    stringToSign,
    bytes: encoded.byteLength,
    sha256: hex(await crypto.subtle.digest('SHA-256', encoded)),
    keyFingerprint: typeof publicKey === 'string' ? await keyFingerprint(publicKey).catch(() => undefined) : undefined,
  };
  const result = (cause: SignatureCause | undefined, reason: string): SignatureDiagnosis => ({
    valid: cause === undefined,
    cause,
    reason,
    ...facts,
  });

  if (signatureHeader === undefined || signatureHeader === '')
    return result('missing', 'the request carries no Signature header: send algorithm=RSA256,signature=<value>');
  const parsed = parseSignatureHeader(signatureHeader);
  if (parsed === undefined)
    return result('malformed', 'the Signature header is not algorithm=RSA256,keyVersion=N,signature=<value>');
  if (parsed.algorithm.toUpperCase() !== 'RSA256')
    return result(
      'algorithm',
      `the Signature header says algorithm=${parsed.algorithm}; the gateway verifies RSA256 (SHA256withRSA): sign with SHA256withRSA and send algorithm=RSA256`,
    );
  if (publicKey === undefined)
    return result(
      'no-key',
      `no public key is registered for Client-Id ${quote(message.clientId)}: send the Client-Id your key is registered for`,
    );
  const asSent = decodeSignature(parsed.signature);
  if (asSent !== undefined && (await verifyString(stringToSign, asSent, publicKey).catch(() => false)))
    return result(undefined, 'the signature verifies');

  const key = await readRsaPublicKey(publicKey);
  // A string with no fingerprint is not PEM at all: say so rather than call it a CryptoKey.
  const label = facts.keyFingerprint ?? (typeof publicKey === 'string' ? 'not a PEM key' : 'a CryptoKey');
  const registered = `the public key registered for ${quote(message.clientId)} (${label})`;
  if (key === undefined) return fallback(message, input.host, parsed.signature, publicKey, registered, result);

  // Which decoding of the value opens with the key: the gateway's, or a mistaken encoding's.
  let opened: { opening: Exclude<Opening, { kind: 'none' }>; encoding: string | undefined } | undefined;
  const lengths = new Set<number>();
  for (const [bytes, encoding] of decodings(parsed.signature)) {
    if (bytes === undefined) continue;
    lengths.add(bytes.length);
    const opening = await openSignature(bytes, key);
    if (opening.kind !== 'none') {
      opened = { opening, encoding };
      break;
    }
  }
  if (opened === undefined) {
    const bits = key.bytes * 8;
    const other = [...lengths].find((n) => n !== key.bytes && [64, 128, 192, 256, 384, 512].includes(n));
    if (other !== undefined && other < key.bytes)
      return result(
        'algorithm',
        `the signature is ${other} bytes, made with a ${other * 8}-bit key; the gateway takes RSA ${bits}-bit keys: sign with the ${bits}-bit private key whose public key is registered (store-api keygen makes one)`,
      );
    if (other !== undefined)
      return result(
        'key',
        `the signature is ${other} bytes, made with a ${other * 8}-bit key, not ${registered}, which is ${bits}-bit: sign with the private key of the registered public key`,
      );
    if (!lengths.has(key.bytes))
      return result(
        'malformed',
        `the signature value decodes to ${lengths.size === 0 ? 'nothing (it is not base64)' : `${[...lengths].join(' or ')} bytes`}, not the ${key.bytes} bytes of an RSA ${bits} signature: send the whole value, base64 then URL-encoded`,
      );
    return result(
      'key',
      `the signature does not open with ${registered}: it was made with another private key (or changed on the way); sign with the private key of the registered public key`,
    );
  }
  if (opened.encoding !== undefined) return result('encoding', opened.encoding);
  const { opening } = opened;
  if (opening.kind === 'pss')
    return result(
      'algorithm',
      'the signature is RSA-PSS; the gateway verifies SHA256withRSA with PKCS#1 v1.5 padding: sign with RSASSA-PKCS1-v1_5 (Java SHA256withRSA, Python padding.PKCS1v15(), not PSS)',
    );
  if (opening.hash === undefined)
    return result(
      'algorithm',
      `the signature holds a bare ${opening.digest.length}-byte digest without its DigestInfo (NONEwithRSA, or the hash encrypted): sign the string itself with SHA256withRSA`,
    );
  if (opening.hash !== 'SHA-256')
    return result(
      'algorithm',
      `the signature is ${opening.hash.replace('-', '')}withRSA; the gateway verifies SHA256withRSA: sign with SHA-256${(await digestMatches(opening.hash, stringToSign, opening.digest)) ? ' (the string signed is right)' : ''}`,
    );

  // The registered key signed it with SHA-256: which string was it?
  const digest = hex(opening.digest);
  const found = await firstMatch(mistakes(message, input.host), async (texts) =>
    Promise.all(texts.map(async (text) => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text))) === digest)),
  );
  if (found !== undefined) return result(found.cause, found.reason);
  return result(
    'content',
    `the key is right (the signature opens with ${registered}) but it covers another string to sign: the method, URI, Client-Id, Request-Time or body you signed is not the one sent, in a way no usual mistake explains; print your string to sign and compare its bytes and SHA-256 with these`,
  );
}

/** The value decoded the gateway's way (reason undefined), then each mistaken encoding's way, with what to fix. */
function* decodings(value: string): Generator<readonly [Uint8Array<ArrayBuffer> | undefined, string | undefined]> {
  yield [decodeSignature(value), undefined];
  const base64 = (text: string) => decodeSignature(encodeURIComponent(text));
  if (value.includes('+'))
    yield [
      decodeSignature(value, true),
      'the signature value is not URL-encoded: its base64 + / = must be sent as %2B %2F %3D (a bare + reads as a space)',
    ];
  if (/%25[0-9A-Fa-f]{2}/.test(value))
    yield [
      tryDecode(() => base64(decodeURIComponent(decodeURIComponent(value)))),
      'the signature value is URL-encoded twice (%252B for +): URL-encode the base64 once',
    ];
  if (/ |%20/.test(value))
    yield [
      tryDecode(() => base64(decodeURIComponent(value).replaceAll(' ', '+'))),
      "the signature value holds spaces where its base64 has + (URL-decoded on the way, or form-encoded from a value whose + were already spaces): URL-encode the base64 signature's + as %2B",
    ];
  if (/[-_]/.test(value))
    yield [
      tryDecode(() => base64(value.replaceAll('-', '+').replaceAll('_', '/'))),
      'the signature value is base64url (- and _): send standard base64 (+ and /), URL-encoded',
    ];
  if (/^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0)
    yield [
      Uint8Array.from(value.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16)),
      'the signature value is hexadecimal: send it base64, then URL-encoded',
    ];
}
function tryDecode(decode: () => Uint8Array<ArrayBuffer> | undefined): Uint8Array<ArrayBuffer> | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

async function digestMatches(hash: HashName, text: string, digest: Uint8Array): Promise<boolean> {
  if (hash === 'MD5' || hash === 'SHA-224') return false; // not in WebCrypto
  return hex(await crypto.subtle.digest(hash, encoder.encode(text))) === hex(digest);
}

interface Mistake {
  readonly cause: SignatureCause;
  /** The string to sign this mistake would have produced. */
  readonly text: string;
  readonly reason: string;
}

/** The first mistake whose string `test` accepts, tried in batches within the bound on bytes hashed. */
async function firstMatch(
  all: Iterable<Mistake>,
  test: (texts: string[]) => Promise<boolean[]>,
  limit = HASHED_BYTES_LIMIT,
): Promise<Mistake | undefined> {
  const seen = new Set<string>();
  let batch: Mistake[] = [];
  let hashed = 0;
  const flush = async () => {
    const hits = await test(batch.map((m) => m.text));
    const hit = batch[hits.indexOf(true)];
    batch = [];
    return hit;
  };
  for (const mistake of all) {
    if (seen.has(mistake.text)) continue;
    seen.add(mistake.text);
    hashed += mistake.text.length;
    batch.push(mistake);
    if (batch.length === BATCH || hashed > limit) {
      const hit = await flush();
      if (hit !== undefined || hashed > limit) return hit;
    }
  }
  return batch.length === 0 ? undefined : flush();
}

interface Parts {
  readonly method: string;
  readonly uri: string;
  readonly newline: string;
  readonly clientId: string;
  readonly time: string;
  readonly body: string;
}
const join = (p: Parts) => `${p.method} ${p.uri}${p.newline}${p.clientId}.${p.time}.${p.body}`;
// What an unset variable becomes in a template or a string join.
const UNSET = ['', 'undefined', 'null', 'None', 'nil'];

/** The usual mistakes, most likely and cheapest first, each as the string it would have signed. */
function* mistakes(message: SignedMessage, host: string | undefined): Generator<Mistake> {
  const sent: Parts = { ...message, method: message.method.toUpperCase(), newline: '\n' };
  const signed = (variant: Partial<Parts>) => join({ ...sent, ...variant });

  for (const [newline, what] of [
    ['\r\n', '\\r\\n'],
    ['', 'nothing'],
    [' ', 'a space'],
    ['\\n', 'a backslash and n (an escaped \\n written out)'],
    ['\n\n', 'two \\n'],
  ] as const)
    yield {
      cause: 'line-break',
      text: signed({ newline }),
      reason: `the string signed has ${what} between the URI and the Client-Id: put a single \\n (line feed) there`,
    };

  for (const method of [sent.method.toLowerCase(), 'GET', ...UNSET])
    yield {
      cause: 'method',
      text: signed({ method }),
      reason: `the method signed was ${quote(method)}, not ${quote(sent.method)}: sign the method as sent, in capitals`,
    };

  for (const [uri, fix] of uriVariants(message.uri, host))
    yield {
      cause: 'uri',
      text: signed({ uri }),
      reason: `the URI signed was ${quote(uri)}, not the request's ${quote(message.uri)}: ${fix}`,
    };

  const id = message.clientId;
  for (const clientId of [
    id.trim(),
    `${id}\n`,
    `${id}\r\n`,
    ` ${id}`,
    `${id} `,
    id.toLowerCase(),
    id.toUpperCase(),
    ...UNSET,
  ])
    yield {
      cause: 'client-id',
      text: signed({ clientId }),
      reason: `the Client-Id signed was ${quote(clientId)}, not the header's ${quote(id)}: sign the Client-Id exactly as you send it (no spaces or line end)`,
    };

  const time = message.time;
  const sameInstant = `the time signed was %s, the same instant as the Request-Time header's ${quote(time)} in another form: sign the header's exact text`;
  for (const t of [...sameInstantForms(time), ...UNSET])
    yield {
      cause: 'time',
      text: signed({ time: t }),
      reason: UNSET.includes(t)
        ? `the time signed was ${quote(t)}, not the Request-Time header's ${quote(time)}: sign the header's exact text`
        : sameInstant.replace('%s', quote(t)),
    };

  for (const [body, what] of bodyVariants(message.body))
    yield {
      cause: 'body',
      text: signed({ body }),
      reason: `the body signed is not the body sent: ${what}; sign the exact bytes you send, and send the bytes you signed`,
    };

  for (const [t, offset] of nearbyTimes(time))
    yield {
      cause: 'time',
      text: signed({ time: t }),
      reason: `the time signed was ${quote(t)}, ${formatOffset(offset)} the Request-Time header's ${quote(time)}: the time was taken twice; take it once, sign it and send that text`,
    };
}

function uriVariants(uri: string, host: string | undefined): [string, string][] {
  const at = uri.indexOf('?');
  const path = at < 0 ? uri : uri.slice(0, at);
  const query = at < 0 ? '' : uri.slice(at);
  const fullUrl = 'sign the path (and query) only, without scheme or host';
  const variants: [string, string][] = [];
  if (host !== undefined)
    for (const prefix of [`https://${host}`, `http://${host}`, host, `//${host}`])
      variants.push([`${prefix}${uri}`, fullUrl]);
  for (const h of ['open-sea-global.alipayplus.com', 'open-na-global.alipayplus.com'])
    variants.push([`https://${h}${uri}`, fullUrl]);
  if (query !== '') {
    variants.push([path, 'sign the query too: the URI is the path and the query as sent']);
    variants.push([`${path}${decodeURIComponentSafe(query)}`, 'sign the query exactly as sent, still percent-encoded']);
  }
  variants.push(
    path.endsWith('/')
      ? [`${path.slice(0, -1)}${query}`, 'sign the path exactly as sent, with its trailing slash']
      : [`${path}/${query}`, 'sign the path exactly as sent, without a trailing slash'],
  );
  variants.push([uri.replace(/^\/+/, ''), 'sign the path with its leading slash']);
  variants.push([uri.toLowerCase(), 'sign the path with its letters as sent (it is case-sensitive)']);
  for (const unset of UNSET) variants.push([unset, 'sign the request URI (the path and query as sent)']);
  return variants.filter(([variant]) => variant !== uri);
}
function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The same instant written the other ways the gateway family and common libraries write it. */
function sameInstantForms(time: string): string[] {
  const at = parseTime(time);
  if (Number.isNaN(at)) return [];
  return [...new Set(instantForms(at, time))].filter((t) => t !== time);
}
function instantForms(at: number, header: string): string[] {
  const date = new Date(at);
  const iso = formatTime(date);
  // Offset 0 is among them: withOffset writes the UTC forms `+00:00` and `+0000`.
  const offsets = [headerOffset(header), ...Array.from({ length: 27 }, (_, i) => (i - 12) * 60), 330, 345, 570];
  return [
    iso,
    iso.replace('+00:00', 'Z'),
    date.toISOString(),
    date.toISOString().replace('Z', '+00:00'),
    String(at),
    String(Math.floor(at / 1000)),
    String(Math.round(at / 1000)),
    ...offsets.flatMap((minutes) => (minutes === undefined ? [] : withOffset(at, minutes))),
  ];
}
/** `2023-08-28T22:16:07+08:00` and `…+0800` for the instant at a UTC offset in minutes. */
function withOffset(at: number, minutes: number): string[] {
  const local = new Date(at + minutes * 60_000).toISOString().slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
  return [`${local}${sign}${hh}:${mm}`, `${local}${sign}${hh}${mm}`];
}
function headerOffset(time: string): number | undefined {
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(time);
  if (match === null) return undefined;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Instants near the header's, written as the header writes them: a time taken once to sign and again to send. */
function* nearbyTimes(time: string): Generator<[string, number]> {
  const at = parseTime(time);
  if (Number.isNaN(at)) return;
  const write = writerLike(time);
  const fine = /^\d{13}$/.test(time) || /\.\d+/.test(time);
  const steps = fine ? 2_000 : 300;
  const unit = fine ? 1 : 1_000;
  for (let k = 1; k <= steps; k++) for (const offset of [-k * unit, k * unit]) yield [write(at + offset), offset];
}
/** A writer of instants in the header's own form: epoch ms, or ISO 8601 at its offset and precision. */
function writerLike(time: string): (at: number) => string {
  if (/^\d{13}$/.test(time)) return String;
  const fraction = /\.(\d+)/.exec(time)?.[1]?.length ?? 0;
  const offset = headerOffset(time) ?? 0;
  const suffix = /([+-]\d{2}:?\d{2})$/.exec(time)?.[1] ?? 'Z';
  return (at) => {
    const local = new Date(at + offset * 60_000).toISOString();
    const seconds = local.slice(0, 19);
    const digits = local.slice(20, 23).padEnd(fraction, '0').slice(0, fraction);
    return `${seconds}${fraction > 0 ? `.${digits}` : ''}${suffix}`;
  };
}
function formatOffset(ms: number): string {
  const size = Math.abs(ms) % 1000 === 0 ? `${Math.abs(ms) / 1000} s` : `${Math.abs(ms)} ms`;
  return `${size} ${ms < 0 ? 'before' : 'after'}`;
}

/** The body as a careless signer might have had it: serialised again, escaped, or cut at its ends. */
function bodyVariants(body: string): [string, string][] {
  const variants: [string, string][] = [];
  let value: unknown;
  let json = true;
  try {
    value = JSON.parse(body);
  } catch {
    json = false;
  }
  if (json) {
    const sorted = sortKeys(value);
    variants.push(
      [JSON.stringify(value), 'it was signed compact and sent formatted (serialised again after signing)'],
      [
        JSON.stringify(value, null, 2),
        'it was signed pretty-printed and sent otherwise (serialised again after signing)',
      ],
      [
        JSON.stringify(value, null, 4),
        'it was signed pretty-printed and sent otherwise (serialised again after signing)',
      ],
      [
        JSON.stringify(value, null, '\t'),
        'it was signed pretty-printed and sent otherwise (serialised again after signing)',
      ],
      [JSON.stringify(sorted), 'it was signed with its keys sorted (serialised again after signing)'],
      [JSON.stringify(sorted, null, 2), 'it was signed with its keys sorted and pretty-printed'],
      [
        pythonDumps(value, false),
        'it was signed as Python\'s json.dumps writes it (", " and ": ", non-ASCII as \\u escapes)',
      ],
      [pythonDumps(value, true), "it was signed as Python's json.dumps(sort_keys=True) writes it"],
      [asciiEscaped(JSON.stringify(value)), 'it was signed with non-ASCII characters as \\u escapes and sent as UTF-8'],
      [JSON.stringify(body), 'it was signed as a JSON string holding the body (serialised twice)'],
      ['[object Object]', 'an object was signed as text ("[object Object]"): sign the JSON text you send'],
      ['{}', 'an empty object was signed'],
    );
    if (typeof value === 'string')
      variants.push([value, 'the body sent is a JSON string holding the body signed (serialised twice)']);
  }
  variants.push(
    [`${body}\n`, 'the body signed ends with a line end the body sent does not have'],
    [`${body}\r\n`, 'the body signed ends with a line end the body sent does not have'],
    [body.replace(/\r?\n$/, ''), 'the body sent ends with a line end the body signed does not have'],
    // Before trim(), which takes a byte order mark for white space.
    [body.replace(/^\uFEFF/, ''), 'the body sent starts with a byte order mark the body signed does not have'],
    [body.trim(), 'the body sent has white space at its ends that the body signed does not'],
    [`\uFEFF${body}`, 'the body signed starts with a byte order mark the body sent does not have'],
    [body.replaceAll('\r\n', '\n'), 'the body sent has CRLF line ends where the body signed has LF'],
    [body.replace(/(?<!\r)\n/g, '\r\n'), 'the body sent has LF line ends where the body signed has CRLF'],
    ...UNSET.map((unset): [string, string] => [unset, `the body signed was ${quote(unset)}: sign the body you send`]),
  );
  return variants.filter(([variant]) => variant !== body);
}
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
function asciiEscaped(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** Python's json.dumps defaults: ", " and ": " separators, ensure_ascii. */
function pythonDumps(value: unknown, sort: boolean): string {
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(', ')}]`;
    if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      if (sort) keys.sort();
      return `{${keys.map((k) => `${asciiEscaped(JSON.stringify(k))}: ${write((v as Record<string, unknown>)[k])}`).join(', ')}}`;
    }
    return asciiEscaped(JSON.stringify(v));
  };
  return write(value);
}

/**
 * Without a key to open the signature with (a CryptoKey that cannot be exported), each usual mistake is tried by
 * verifying its string: fewer of them, and a failure none explains cannot tell the key from the content.
 */
async function fallback(
  message: SignedMessage,
  host: string | undefined,
  value: string,
  publicKey: KeyInput,
  registered: string,
  result: (cause: SignatureCause, reason: string) => SignatureDiagnosis,
): Promise<SignatureDiagnosis> {
  const stringToSign = buildStringToSign(message);
  for (const [bytes, encoding] of decodings(value))
    if (
      encoding !== undefined &&
      bytes !== undefined &&
      (await verifyString(stringToSign, bytes, publicKey).catch(() => false))
    )
      return result('encoding', encoding);
  const bytes = decodeSignature(value);
  const found =
    bytes === undefined
      ? undefined
      : await firstMatch(
          mistakes(message, host),
          (texts) => Promise.all(texts.map((text) => verifyString(text, bytes, publicKey).catch(() => false))),
          64 * 1024,
        );
  if (found !== undefined) return result(found.cause, found.reason);
  return result(
    'key',
    `no usual mistake explains it, and the key cannot be read to tell the key from the content: check that you signed with the private key of ${registered}, and compare your string to sign's bytes and SHA-256`,
  );
}
