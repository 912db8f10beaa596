// Conformance with the vendor's official SDKs (Java, Python, PHP, Go): each fixture is the exact request one SDK
// puts on the wire (header names in its case, its Request-Time form, its Accept, Go's empty agent-token), signed
// by this repo's signer with a generated key, sent over a raw socket to a mock that verifies signatures and
// signs responses. Each must get SUCCESS, and the answer must be readable the way that SDK reads it.

import { createVerify } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createSignatureHeader, formatTime } from '@store-api/client';
import { createValidator, type OperationId } from '@store-api/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import fixtures from './fixtures/sdk-requests.json' with { type: 'json' };
import { CLIENT_ID, generateRsaKeyPair, PATHS } from './support/http.js';

type Fixture = (typeof fixtures)[number];
const { operations } = createValidator();
const partner = generateRsaKeyPair();
let mock: MockServer;
beforeAll(async () => {
  mock = await startMock({ clients: { [CLIENT_ID]: partner.publicKey } }); // signed by default
});
afterAll(() => mock.close());

function requestTime(form: string, now: Date): string {
  const iso = formatTime(now); // 2026-11-24T07:01:38+00:00
  if (form === 'epoch-milliseconds') return String(now.getTime());
  if (form === 'iso-colon-offset') return iso;
  if (form === 'iso-offset-without-colon') return iso.replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
  throw new Error(`unknown requestTime form ${form}`);
}

interface RawAnswer {
  readonly status: number;
  /** [name, value] exactly as the server wrote them. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  readonly body: string;
}

/** Sends the request with the header names exactly as given (node:http keeps their case). */
function send(path: string, headers: Record<string, string>, body: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${mock.url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '']);
        resolve({ status: res.statusCode ?? 0, rawHeaders: pairs, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The three values an SDK reads from a response, found its way; undefined where that SDK would not find one. */
function readAsSdk(reads: string, answer: RawAnswer): { clientId?: string; time?: string; signature?: string } {
  const exact = (name: string) => answer.rawHeaders.find(([n]) => n === name)?.[1];
  const anyCase = (name: string) => answer.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
  // The value after the literal lower-case `signature=`, as every SDK's verifier finds it.
  const value = (header: string | undefined) => {
    const at = header?.indexOf('signature=') ?? -1;
    return at < 0 ? undefined : header?.slice(at + 'signature='.length).split(',')[0];
  };
  switch (reads) {
    case 'python':
      return { clientId: exact('client-id'), time: exact('response-time'), signature: value(exact('signature')) };
    case 'php': {
      const block = answer.rawHeaders.map(([n, v]) => `${n}: ${v}`).join('\r\n');
      const line = (name: string) => block.split('\r\n').find((l) => l.includes(`${name}: `));
      const after = (name: string) =>
        line(name)
          ?.slice(line(name)?.indexOf(': ') ?? 0)
          .slice(2);
      return { clientId: after('client-id'), time: after('response-time'), signature: value(after('signature')) };
    }
    case 'java': {
      const third = anyCase('signature')?.split(',')[2];
      return { clientId: anyCase('client-id'), time: anyCase('response-time'), signature: value(third) };
    }
    case 'go':
      return { clientId: anyCase('client-id'), time: anyCase('response-time'), signature: value(anyCase('signature')) };
    default:
      throw new Error(`unknown reader ${reads}`);
  }
}

/** Verifies as the SDKs do: form-decode (`+` is a space), base64-decode, SHA256withRSA. */
function verifiesAsSdk(path: string, read: ReturnType<typeof readAsSdk>, body: string): boolean {
  if (read.clientId === undefined || read.time === undefined || read.signature === undefined) return false;
  const decoded = decodeURIComponent(read.signature.replaceAll('+', ' '));
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`POST ${path}\n${read.clientId}.${read.time}.${body}`, 'utf8');
  return verifier.verify(mock.platformPublicKey ?? '', Buffer.from(decoded, 'base64'));
}

async function signedRequest(fixture: Fixture, operationId: OperationId, body: string) {
  const path = PATHS[operationId];
  const time = requestTime(fixture.requestTime, new Date());
  const signature = await createSignatureHeader(
    { method: 'POST', uri: path, clientId: CLIENT_ID, time, body },
    partner.privateKey,
    1,
  );
  const fill = (v: string) =>
    v.replace('{clientId}', CLIENT_ID).replace('{requestTime}', time).replace('{signature}', signature);
  return Object.fromEntries(Object.entries(fixture.headers).map(([name, v]) => [name, fill(v)]));
}

const bodyFor = (operationId: OperationId, sdk: string) => {
  const example = operations.find((op) => op.operationId === operationId)?.request.examples[0]?.value as object;
  // Thai and emoji text: the signature covers the UTF-8 bytes.
  return JSON.stringify(
    operationId === 'syncStore'
      ? { ...example, requestId: `sdk-${sdk}-${Date.now()}`, store: { posStoreId: 'p1', name: 'ร้านอาหาร 🍜' } }
      : { ...example, name: 'ร้านอาหาร 🍜' },
  );
};

describe.each(fixtures.map((f) => [f.sdk, f] as const))('%s', (_sdk, fixture) => {
  for (const operationId of ['syncStore', 'updateStore'] as const) {
    it(`${operationId}: its request gets SUCCESS, and it reads and verifies the signed answer`, async () => {
      const body = bodyFor(operationId, fixture.reads);
      const answer = await send(PATHS[operationId], await signedRequest(fixture, operationId, body), body);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ result: { resultStatus: 'S', resultCode: 'SUCCESS' } });
      expect(answer.rawHeaders.filter(([n]) => n.toLowerCase() === 'content-type')).toHaveLength(1);
      const read = readAsSdk(fixture.reads, answer);
      expect(read.clientId).toBe(CLIENT_ID);
      expect(verifiesAsSdk(PATHS[operationId], read, answer.body)).toBe(true);
    });
  }

  it('a request with one body byte changed after signing gets INVALID_SIGNATURE', async () => {
    const body = bodyFor('updateStore', fixture.reads);
    const headers = await signedRequest(fixture, 'updateStore', body);
    const tampered = body.replace('"storeId":"', '"storeId":"X');
    const answer = await send(PATHS.updateStore, headers, tampered);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { resultStatus: 'F', resultCode: 'INVALID_SIGNATURE' } });
  });
});

describe('the readers can fail', () => {
  const headers = (names: [string, string][]): RawAnswer => ({ status: 200, rawHeaders: names, body: '' });
  it('Python finds nothing under capitalised names', () => {
    expect(
      readAsSdk('python', headers([['Signature', 'algorithm=RSA256,keyVersion=1,signature=a']])).signature,
    ).toBeUndefined();
  });
  it('Java finds no signature without keyVersion', () => {
    expect(readAsSdk('java', headers([['signature', 'algorithm=RSA256,signature=a']])).signature).toBeUndefined();
  });
  it('PHP finds no response-time under a capitalised name', () => {
    expect(readAsSdk('php', headers([['Response-Time', '2026-11-24T07:01:38+00:00']])).time).toBeUndefined();
  });
});
