// Options checked where they are given: a key, URL or number that cannot work is a ConfigurationError naming it,
// before anything is sent (a JWK given as privateKey used to fail inside fetch, and be retried as a network error).
import type { KeyInput } from '@store-api/signing';
import { ConfigurationError } from './errors.js';

export function check(ok: boolean, where: string, option: string, rule: string): void {
  if (!ok) throw new ConfigurationError(option, `${where}: ${option} ${rule}`);
}

/** From plain JavaScript a misspelt option would be ignored (`platformPublickey` would turn verification off). */
export function refuseUnknown(where: string, given: object, known: readonly string[]): void {
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const guess = known.find((k) => k.toLowerCase() === name.toLowerCase());
    throw new ConfigurationError(
      name,
      `${where}: unknown option ${name}${guess === undefined ? '' : `; did you mean ${guess}?`}`,
    );
  }
}

const PEM = /^\s*-----BEGIN ([A-Z0-9 ]+)-----[A-Za-z0-9+/=\s]+-----END \1-----\s*$/;

/** What a key is, in words that never quote it. */
function describe(key: unknown): string {
  if (typeof key === 'string') {
    const label = PEM.exec(key)?.[1];
    return label === undefined ? 'a string that is not a PEM' : `a ${label} PEM`;
  }
  if (typeof key !== 'object' || key === null) return typeof key;
  if ('kty' in key) return 'a JWK (import it with crypto.subtle.importKey, or export it as PEM)';
  if ('asymmetricKeyType' in key) return "a node:crypto KeyObject (pass key.export({ type: 'pkcs8', format: 'pem' }))";
  const { type, algorithm } = key as Partial<CryptoKey>;
  return type === undefined ? 'an object that is not a CryptoKey' : `a ${type} ${algorithm?.name} CryptoKey`;
}

/** An RSA key of the kind the scheme needs: a private one to sign with, a public one to verify with. */
export function checkKey(option: string, key: KeyInput | undefined, want: 'private' | 'public'): void {
  const labels = want === 'private' ? ['PRIVATE KEY', 'RSA PRIVATE KEY'] : ['PUBLIC KEY'];
  const label = typeof key === 'string' ? PEM.exec(key)?.[1] : undefined;
  const crypto = key as Partial<CryptoKey> | undefined;
  const ok =
    label !== undefined
      ? labels.includes(label)
      : crypto?.type === want && crypto.algorithm?.name === 'RSASSA-PKCS1-v1_5';
  check(
    ok,
    'createStoreClient',
    option,
    `must be ${want === 'private' ? 'a PKCS#8 PEM (BEGIN PRIVATE KEY)' : 'an SPKI PEM (BEGIN PUBLIC KEY)'} or a ${want} RSASSA-PKCS1-v1_5 CryptoKey; got ${describe(key)}`,
  );
}
