// A self-signed certificate for the mock's HTTPS (`--tls`), made at start: node:crypto signs but cannot write an
// X.509 certificate, so its DER is written here (RFC 5280, the few fields a TLS client checks). The key is a new
// P-256 key every start; nothing is written to disk, and the certificate is served at /__admin/tls-certificate.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A key and its certificate, both PEM, as `https.createServer` takes them. */
export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

/** The names a local test dials: every loopback form the mock listens on. */
export const TLS_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

// DER: a tag, a length (short or long form), the contents.
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const sequence = (...parts: Buffer[]) => der(0x30, ...parts);
const set = (...parts: Buffer[]) => der(0x31, ...parts);
const octets = (...parts: Buffer[]) => der(0x04, ...parts);
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ): valid for the years 1950–2049, which a one-year certificate made now stays within. */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-03T19:09:54.123Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

function ipBytes(address: string): Buffer {
  if (address.includes('.')) return Buffer.from(address.split('.').map(Number));
  // Only the forms TLS_NAMES holds: `::1` and full or `::`-shortened IPv6.
  const [head = '', tail = ''] = address.split('::');
  const words = (text: string) => (text === '' ? [] : text.split(':').map((w) => Number.parseInt(w, 16)));
  const front = words(head);
  const back = words(tail);
  const all = [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
  return Buffer.from(all.flatMap((w) => [w >> 8, w & 0xff]));
}

const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), octets(value));

/**
 * A new key and a certificate for it, signed by itself, naming localhost, 127.0.0.1 and ::1, valid from an hour ago
 * for a year, for server authentication only (not a CA: it cannot vouch for anything else).
 */
export function makeTlsIdentity(now: Date = new Date()): TlsIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8('store-api mock (PUBLIC TEST CERTIFICATE)'))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const altNames = sequence(
    ...TLS_NAMES.dns.map((dns) => der(0x82, Buffer.from(dns, 'ascii'))),
    ...TLS_NAMES.ip.map((ip) => der(0x87, ipBytes(ip))),
  );
  const keyId = createHash('sha1').update(spki).digest();
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // version 3
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now.getTime() - 3_600_000)), utcTime(new Date(now.getTime() + 365 * 86_400_000))),
    name,
    spki,
    der(
      0xa3,
      sequence(
        extension('2.5.29.17', false, altNames),
        extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
        extension('2.5.29.15', true, der(0x03, Buffer.from([0x07, 0x80]))), // keyUsage: digitalSignature
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.14', false, octets(keyId)), // subjectKeyIdentifier
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // ECDSA, DER-encoded as X.509 wants it
  const certificate = sequence(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert: `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
  };
}
