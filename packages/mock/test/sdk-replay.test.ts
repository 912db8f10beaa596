// Recorded real traffic, replayed: each file in fixtures/sdk-recordings/ is the exact bytes one vendor SDK (Java,
// Python, PHP, Go) put on the wire when scripts/sdk-harness.ts ran it against the mock, signed by the SDK itself
// with that run's partner key (its public half is in the file). Each is sent verbatim over a raw socket to the mock
// in every mode, and the answer is judged by that SDK's reading rule (support/sdk-readers.ts): does the SDK verify
// the answer, go on without verifying, or fail the call? Needs only Node: no SDK, no network.

import { createHash, createSign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createSignatureHeader } from '@store-api/client';
import { afterAll, describe, expect, it } from 'vitest';
import { type MockOptions, type MockServer, startMock } from '../src/index.js';
import { generateRsaKeyPair } from './support/http.js';
import { NEEDS_SIGNED_ANSWER, type RawAnswer, READERS, type Reading, type SdkId } from './support/sdk-readers.js';

interface Recording {
  readonly sdk: SdkId;
  readonly sdkName: string;
  readonly sdkVersion: string;
  readonly operation: 'syncStore' | 'updateStore';
  readonly clientId: string;
  readonly partnerPublicKey: string;
  readonly requestSha256: string;
  readonly request: string;
}
interface LiveCell {
  readonly sdk: SdkId;
  readonly operation: string;
  readonly mode: string;
  readonly outcome: 'pass' | 'fail' | 'not run';
}

const DIR = new URL('./fixtures/sdk-recordings/', import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
const recordings: Recording[] = readdirSync(DIR)
  .filter((f) => f !== 'live-results.json' && f.endsWith('.json'))
  .sort()
  .map(read);
const live: { cells: LiveCell[] } = read('live-results.json');
const PATHS = { syncStore: '/v2/pos/syncStore', updateStore: '/v2/pds/store/updateStore' } as const;
const NAMES: Record<SdkId, string> = { java: 'Java', python: 'Python', php: 'PHP', go: 'Go' };

type ModeId = 'default' | 'client' | 'tls' | 'unsigned';
const MODES: readonly { id: ModeId; options: (r: Recording) => MockOptions; signed: boolean }[] = [
  { id: 'default', options: () => ({}), signed: true },
  { id: 'client', options: (r) => ({ clients: { [r.clientId]: r.partnerPublicKey } }), signed: true },
  { id: 'tls', options: () => ({ tls: true }), signed: true },
  { id: 'unsigned', options: () => ({ signResponses: false }), signed: false },
];

// One mock per mode and partner key, started on first use.
const mocks = new Map<string, Promise<MockServer>>();
const mockFor = (mode: (typeof MODES)[number], recording: Recording) => {
  const key = `${mode.id}\n${mode.id === 'client' ? recording.partnerPublicKey : ''}`;
  let mock = mocks.get(key);
  if (mock === undefined) {
    mock = startMock(mode.options(recording));
    mocks.set(key, mock);
  }
  return mock;
};
afterAll(async () => {
  for (const mock of mocks.values()) await (await mock).close();
});

/** Reads one HTTP/1.1 answer (Content-Length or chunked) off a socket, keeping the header lines as sent. */
function parseAnswer(bytes: Buffer): RawAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
  });
  let body = bytes.subarray(end + 4);
  const length = headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  if (length !== undefined) {
    if (body.length < Number(length)) return undefined;
    body = body.subarray(0, Number(length));
  } else if (headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v))) {
    const chunks: Buffer[] = [];
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) break;
      if (body.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  }
  const headerBlock = lines.join('\r\n');
  // The header bytes as UTF-8 (latin1 above keeps offsets; names and our values are ASCII).
  return {
    status: Number(statusLine.split(' ')[1]),
    headerBlock,
    headers: headers.map(([n, v]) => [n, Buffer.from(v, 'latin1').toString('utf8')] as const),
    body: body.toString('utf8'),
  };
}

/** Writes the bytes verbatim to the mock (TLS checked against the mock's own certificate) and reads its answer. */
function replay(mock: MockServer, bytes: Buffer): Promise<RawAnswer> {
  const { port } = new URL(mock.url);
  const socket =
    mock.tlsCertificate === undefined
      ? tcpConnect({ host: '127.0.0.1', port: Number(port) })
      : tlsConnect({ host: '127.0.0.1', port: Number(port), ca: mock.tlsCertificate });
  return new Promise((resolve, reject) => {
    let held = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer in 5 s; got ${held.length} bytes`));
    }, 5000);
    socket.on('data', (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      const answer = parseAnswer(held);
      if (answer !== undefined) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(bytes);
  });
}

const expectation = (sdk: SdkId, signed: boolean): Reading['kind'] =>
  signed ? 'verified' : NEEDS_SIGNED_ANSWER[sdk] ? 'fails' : 'unverified';
const said = {
  verified: 'reads and verifies the answer',
  unverified: 'goes on without verifying (it skips an unsigned answer)',
  fails: 'fails the call (it needs a signed answer)',
} as const;

it('has a recording of both operations for each of the four SDKs, each whole', () => {
  expect(recordings.map((r) => `${r.sdk}.${r.operation}`).sort()).toEqual(
    ['go', 'java', 'php', 'python'].flatMap((s) => [`${s}.syncStore`, `${s}.updateStore`]),
  );
  for (const r of recordings) {
    expect(createHash('sha256').update(r.request, 'utf8').digest('hex')).toBe(r.requestSha256);
    expect(r.partnerPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.stringify(r)).not.toMatch(/PRIVATE KEY/);
  }
});

describe.each(recordings.map((r) => [`${NAMES[r.sdk]} ${r.sdkVersion} ${r.operation}`, r] as const))(
  '%s, replayed verbatim',
  (_name, recording) => {
    for (const mode of MODES) {
      const want = expectation(recording.sdk, mode.signed);
      it(`${mode.id}: gets SUCCESS with one content-type, and ${NAMES[recording.sdk]} ${said[want]}`, async () => {
        const mock = await mockFor(mode, recording);
        const answer = await replay(mock, Buffer.from(recording.request, 'utf8'));
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ result: { resultStatus: 'S', resultCode: 'SUCCESS' } });
        expect(answer.headers.filter(([n]) => n.toLowerCase() === 'content-type')).toHaveLength(1);
        if (mode.id === 'client') {
          // The SDK's own signature, made with the run's partner key, verified by the mock against its public half.
          const [entry] = mock.requests({ limit: 1 });
          expect(entry?.signature).toMatchObject({ checked: true, valid: true });
        }
        const reading = READERS[recording.sdk](answer, {
          path: PATHS[recording.operation],
          requestClientId: recording.clientId,
          platformPublicKey: mock.platformPublicKey ?? '',
        });
        expect(reading.kind).toBe(want);
        // What the SDK itself did in the harness's live run, in the same mode.
        const cell = live.cells.find(
          (c) => c.sdk === recording.sdk && c.operation === recording.operation && c.mode === mode.id,
        );
        expect(cell?.outcome).toBe(want === 'fails' ? 'fail' : 'pass');
      });
    }
  },
);

it('does not refuse a Request-Time years old (recordings replay for good): no freshness window', async () => {
  const partner = generateRsaKeyPair();
  const mock = await startMock({ clients: { TEST_OLD: partner.publicKey } });
  try {
    const body = JSON.stringify({ storeId: 'st-old', name: 'Old' });
    const time = '2019-05-28T12:12:12+08:00';
    const signature = await createSignatureHeader(
      { method: 'POST', uri: PATHS.updateStore, clientId: 'TEST_OLD', time, body },
      partner.privateKey,
      1,
    );
    const request = Buffer.from(
      `POST ${PATHS.updateStore} HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nclient-id: TEST_OLD\r\n` +
        `request-time: ${time}\r\nsignature: ${signature}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const answer = await replay(mock, request);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  } finally {
    await mock.close();
  }
});

describe('the readers can fail (each SDK rule on answers made for it)', () => {
  const key = generateRsaKeyPair();
  const body = '{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"success"}}';
  const time = '2026-11-24T07:01:38+00:00';
  const exchange = { path: PATHS.syncStore, requestClientId: 'C1', platformPublicKey: key.publicKey };
  const sign = () => {
    const signer = createSign('RSA-SHA256');
    signer.update(`POST ${PATHS.syncStore}\nC1.${time}.${body}`, 'utf8');
    return encodeURIComponent(signer.sign(key.privateKey, 'base64'));
  };
  const answer = (headers: [string, string][]): RawAnswer => ({
    status: 200,
    headerBlock: headers.map(([n, v]) => `${n}: ${v}`).join('\r\n'),
    headers,
    body,
  });
  const good = (): [string, string][] => [
    ['client-id', 'C1'],
    ['response-time', time],
    ['signature', `algorithm=RSA256,keyVersion=1,signature=${sign()}`],
  ];
  const cap = (h: [string, string][]) => h.map(([n, v]) => [n.replace(/\b[a-z]/g, (c) => c.toUpperCase()), v]);
  const cases: { sdk: SdkId; given: string; headers: () => [string, string][]; want: Reading['kind'] }[] = [
    ...(['java', 'python', 'php', 'go'] as const).map((sdk) => ({
      sdk,
      given: 'lower-case names, signed',
      headers: good,
      want: 'verified' as const,
    })),
    { sdk: 'python', given: 'capitalised names', headers: () => cap(good()) as [string, string][], want: 'fails' },
    { sdk: 'php', given: 'capitalised names', headers: () => cap(good()) as [string, string][], want: 'unverified' },
    { sdk: 'java', given: 'capitalised names', headers: () => cap(good()) as [string, string][], want: 'verified' },
    { sdk: 'go', given: 'capitalised names', headers: () => cap(good()) as [string, string][], want: 'verified' },
    {
      sdk: 'php',
      given: 'a later x-mock-signature-diagnosis header holding `=`',
      headers: () => [...good(), ['x-mock-signature-diagnosis', 'expected=other']],
      want: 'fails',
    },
    {
      sdk: 'java',
      given: 'a signature without keyVersion',
      headers: () => good().map(([n, v]) => [n, v.replace('keyVersion=1,', '')]),
      want: 'unverified',
    },
    { sdk: 'python', given: 'no signature', headers: () => good().slice(0, 2), want: 'fails' },
    { sdk: 'go', given: 'no signature', headers: () => good().slice(0, 2), want: 'fails' },
    { sdk: 'java', given: 'no signature', headers: () => good().slice(0, 2), want: 'unverified' },
    { sdk: 'php', given: 'no signature', headers: () => good().slice(0, 2), want: 'unverified' },
    ...(['java', 'python', 'php', 'go'] as const).map((sdk) => ({
      sdk,
      given: 'a signature made for another time',
      headers: () => good().map(([n, v]): [string, string] => [n, n === 'response-time' ? v.replace(':38', ':39') : v]),
      want: 'fails' as const,
    })),
  ];
  it.each(cases.map((c) => [c.sdk, c.given, c] as const))('%s given %s', (_sdk, _given, c) => {
    expect(READERS[c.sdk](answer(c.headers()), exchange).kind).toBe(c.want);
  });
});
