// Test keys are made by the tests, never stored in the repo (the one exception, the signing test vector's PUBLIC
// TEST KEY, lives in spec/test-vector and is used only to check signers against known bytes).
import { generateKeyPairSync } from 'node:crypto';

export interface PemKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A fresh RSA 2048 key pair: PKCS#8 private, SPKI public, both PEM. */
export function generateRsaKeyPair(): PemKeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
