// Test keys are made by the tests, never stored in the repo.
import { generateKeyPairSync } from 'node:crypto';

export interface PemKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

export function generateRsaKeyPair(): PemKeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
