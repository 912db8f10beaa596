// The published test vector (spec/test-vector/signature.json): this package reproduces its exact bytes, and so
// does openssl, independently; its signatures verify with its public test key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolsPresent } from '@store-api/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStringToSign, createSignatureHeader, verify } from '../src/index.js';

const vector = JSON.parse(readFileSync(new URL('../../../spec/test-vector/signature.json', import.meta.url), 'utf8'));
const { privateKey, publicKey } = vector.publicTestKey as { privateKey: string; publicKey: string };
const work = mkdtempSync(join(tmpdir(), 'test-vector-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const openssl = toolsPresent(['openssl'], 'the openssl cross-checks of the test vector', 'apt-get install -y openssl');

describe.each(['request', 'response'] as const)('the %s vector', (side) => {
  const entry = vector[side];
  const message = {
    method: entry.method,
    uri: entry.uri,
    clientId: entry.clientId,
    time: entry.requestTime ?? entry.responseTime,
    body: entry.body,
  };

  it('is labelled a public test key', () => {
    expect(vector.about).toMatch(/^PUBLIC TEST KEY\./);
  });

  it('builds the exact string to sign', () => {
    expect(buildStringToSign(message)).toBe(entry.stringToSign);
  });

  it('signs to the exact Signature header with this package', async () => {
    expect(await createSignatureHeader(message, privateKey, 1)).toBe(entry.signatureHeader);
  });

  it.runIf(openssl)('signs to the exact Signature header with openssl, independently', () => {
    writeFileSync(join(work, 'key.pem'), privateKey);
    writeFileSync(join(work, 'data'), entry.stringToSign);
    const raw = execFileSync('openssl', ['dgst', '-sha256', '-sign', join(work, 'key.pem'), join(work, 'data')]);
    expect(`algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(raw.toString('base64'))}`).toBe(
      entry.signatureHeader,
    );
  });

  it('verifies with the public test key, and not once a body byte changes', async () => {
    expect(await verify(message, entry.signatureHeader, publicKey)).toBe(true);
    expect(await verify({ ...message, body: `${message.body} ` }, entry.signatureHeader, publicKey)).toBe(false);
  });
});
