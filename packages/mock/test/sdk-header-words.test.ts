// No header an SDK mistakes for its own. The vendor's PHP SDK takes any response header line holding `signature` or
// `response-time` (name or value, the last one wins); the Python SDK reads exact lower-case names; Java and Go any
// case. So on every kind of answer only `signature`, `response-time` and `client-id` may hold those words, and
// every answer carries one content-type, the same on every JSON answer.
import { request } from 'node:http';
import { createSignatureHeader, formatTime } from '@store-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { CLIENT_ID, generateRsaKeyPair, PATHS } from './support/http.js';

const WORDS = ['signature', 'response-time', 'client-id'] as const;
const STAMPED = new Set<string>(WORDS);

interface RawAnswer {
  readonly status: number;
  /** [name, value] as written on the wire, in order. */
  readonly lines: readonly (readonly [string, string])[];
  readonly body: string;
}

function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          lines.push([res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '']);
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const partner = generateRsaKeyPair();
const other = generateRsaKeyPair();
let open: MockServer;
let verifying: MockServer;
let prism: MockServer;
beforeAll(async () => {
  open = await startMock();
  verifying = await startMock({ clients: { [CLIENT_ID]: partner.publicKey } });
  prism = await startMock({ validation: 'prism' }); // --strict: Prism's own answers and headers
});
afterAll(async () => {
  await open.close();
  await verifying.close();
  await prism.close();
});

const syncBody = (requestId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    requestId,
    posAccountId: 'pos-1',
    store: { posStoreId: 'p-1', name: 'M', status: 'OPEN', ...extra },
  });

/** An API request as the SDKs send it, signed with `key`. */
async function api(
  mock: MockServer,
  path: string,
  body: string,
  key = partner.privateKey,
  more: Record<string, string> = {},
) {
  const time = formatTime(new Date());
  const signature = await createSignatureHeader({ method: 'POST', uri: path, clientId: CLIENT_ID, time, body }, key, 1);
  const headers = {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': CLIENT_ID,
    'request-time': time,
    signature,
    ...more,
  };
  return send(mock.url, 'POST', path, headers, body);
}

// Each kind of answer the mock gives, and how to get it.
const KINDS: [string, () => Promise<RawAnswer>, 'json' | 'other'][] = [
  ['S (default)', () => api(open, PATHS.syncStore, syncBody('w-1')), 'json'],
  [
    'F (Prefer)',
    () => api(open, PATHS.updateStore, '{"storeId":"1"}', partner.privateKey, { prefer: 'example=BIZ_ERROR_NO_RETRY' }),
    'json',
  ],
  [
    'U (scripted)',
    () => {
      open.script('syncStore', ['UNKNOWN_EXCEPTION']);
      return api(open, PATHS.syncStore, syncBody('w-2'));
    },
    'json',
  ],
  ['PARAM_ILLEGAL', () => api(open, PATHS.syncStore, '{"requestId":"w-3"}'), 'json'],
  [
    'INVALID_SIGNATURE with its diagnosis',
    () => api(verifying, PATHS.syncStore, syncBody('w-4'), other.privateKey),
    'json',
  ],
  [
    'INVALID_SIGNATURE, headers missing',
    () => send(open.url, 'POST', PATHS.syncStore, { 'content-type': 'application/json' }, syncBody('w-5')),
    'json',
  ],
  ['INVALID_API', () => api(open, '/v2/pos/unknownApi', '{}'), 'json'],
  [
    'a replay, with a warning',
    async () => {
      await api(open, PATHS.syncStore, syncBody('w-6'));
      return api(open, PATHS.syncStore, syncBody('w-6', { name: 'changed' }));
    },
    'json',
  ],
  [
    'a warning on an unknown field',
    () => api(open, PATHS.syncStore, syncBody('w-7', { signatureColour: 'x' })),
    'json',
  ],
  [
    'a delay fault',
    () => {
      open.script('syncStore', [{ fault: { kind: 'delay', ms: 1 } }]);
      return api(open, PATHS.syncStore, syncBody('w-8'));
    },
    'json',
  ],
  [
    'an HTTP 503 fault',
    () => {
      open.script('syncStore', [{ fault: { kind: 'http', status: 503 } }]);
      return api(open, PATHS.syncStore, syncBody('w-9'));
    },
    'other',
  ],
  [
    'a Prefer naming no outcome',
    () => api(open, PATHS.syncStore, syncBody('w-10'), partner.privateKey, { prefer: 'example=NOPE' }),
    'other',
  ],
  ['--strict: S from Prism', () => api(prism, PATHS.syncStore, syncBody('w-12')), 'json'],
  ["--strict: Prism's 422", () => api(prism, PATHS.syncStore, '{"requestId":"w-13"}'), 'other'],
  [
    "--strict: Prism's 401, headers missing",
    () => send(prism.url, 'POST', PATHS.syncStore, { 'content-type': 'application/json' }, syncBody('w-14')),
    'other',
  ],
  ['admin: the journal', () => send(open.url, 'GET', '/__admin/requests?limit=3', {}), 'json'],
  ['admin: the platform key', () => send(open.url, 'GET', '/__admin/platform-key', {}), 'other'],
  [
    'admin: the platform key as base64',
    () => send(open.url, 'GET', '/__admin/platform-key?format=base64', {}),
    'other',
  ],
  ['admin: its document', () => send(open.url, 'GET', '/__admin/openapi.yaml', {}), 'other'],
  ['admin: an unknown endpoint', () => send(open.url, 'GET', '/__admin/nothing', {}), 'other'],
  ['admin: a reset', () => send(open.url, 'POST', '/__admin/reset', {}), 'other'],
];

describe.each(KINDS)('%s', (_name, get, kind) => {
  let answer: RawAnswer;
  beforeAll(async () => {
    answer = await get();
  });

  it('names no header but signature, response-time and client-id with one of those words', () => {
    const mistaken = answer.lines
      .map(([name]) => name)
      .filter((name) => !STAMPED.has(name) && WORDS.some((word) => name.toLowerCase().includes(word)));
    expect(mistaken).toEqual([]);
  });

  it('holds those words, as the PHP SDK looks for them, only in the headers of those names', () => {
    const lines = answer.lines.filter(([name, value]) =>
      ['signature', 'response-time'].some((word) => `${name}: ${value}`.includes(word)),
    );
    for (const [name] of lines) expect(['signature', 'response-time']).toContain(name);
  });

  it('carries one content-type, the same on every JSON answer', () => {
    const types = answer.lines.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value);
    if (answer.status === 204) expect(types).toEqual([]);
    else expect(types).toHaveLength(1);
    if (kind === 'json') expect(types).toEqual(['application/json; charset=UTF-8']);
  });
});

describe('the mock headers keep their meaning', () => {
  it('write the diagnosis as JSON a reader decodes to the same words', async () => {
    const answer = await api(verifying, PATHS.syncStore, syncBody('w-11', { signatureColour: 'x' }), other.privateKey);
    const [, diagnosis = ''] = answer.lines.find(([name]) => name === 'x-mock-diagnosis') ?? [];
    expect(diagnosis).not.toMatch(/signature/);
    const read = JSON.parse(diagnosis) as { stringToSign: string };
    expect(read.stringToSign).toMatch(/^POST \/v2\/pos\/syncStore\nTEST_5X00000000000000\./);
    expect(read.stringToSign).toContain('"signatureColour":"x"');
  });
});
