// The SDK harness's own parts: the recording relay keeps each request's exact bytes (split where one ends), and
// without SDK trees the harness says it was skipped and how to run it.

import { spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestLength, startRelay } from '../sdk-harness/relay.ts';

const HARNESS = resolve(import.meta.dirname, '../sdk-harness.ts');

describe('requestLength', () => {
  const head = 'POST /v2/pos/syncStore HTTP/1.1\r\nHost: x\r\n';
  const cases: { given: string; bytes: string; want: number | undefined }[] = [
    { given: 'headers not yet ended', bytes: `${head}Content-Length: 2`, want: undefined },
    { given: 'a Content-Length body not all there', bytes: `${head}Content-Length: 4\r\n\r\n{}`, want: undefined },
    {
      given: 'a Content-Length body',
      bytes: `${head}Content-Length: 2\r\n\r\n{}`,
      want: `${head}Content-Length: 2\r\n\r\n{}`.length,
    },
    {
      given: 'a body then the next request',
      bytes: `${head}content-length: 2\r\n\r\n{}POST / HTTP/1.1`,
      want: `${head}content-length: 2\r\n\r\n{}`.length,
    },
    { given: 'no body', bytes: `${head}\r\n`, want: head.length + 2 },
    {
      given: 'a chunked body',
      bytes: `${head}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      want: `${head}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`.length,
    },
    {
      given: 'a chunked body without its last chunk',
      bytes: `${head}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n`,
      want: undefined,
    },
  ];
  it.each(cases.map((c) => [c.given, c] as const))('%s', (_given, c) => {
    expect(requestLength(Buffer.from(c.bytes, 'latin1'))).toBe(c.want);
  });
});

it('the relay passes bytes both ways and records each request as sent (header case and order kept)', async () => {
  const upstream = createServer((socket) => socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\n\r\n')));
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
  const address = upstream.address();
  const relay = await startRelay({
    port: 0,
    upstream: { port: typeof address === 'object' && address !== null ? address.port : 0, tls: false },
  });
  try {
    const sent =
      'POST /v2/pds/store/updateStore HTTP/1.1\r\nHost: a\r\nContent-type:x\r\nContent-Length: 6\r\n\r\n{"a":1}';
    const answer = await new Promise<string>((done, fail) => {
      const socket = connect({ host: '127.0.0.1', port: relay.port });
      let text = '';
      const timer = setTimeout(() => fail(new Error('no answer in 5 s')), 5000);
      socket.on('data', (c: Buffer) => {
        text += c.toString('latin1');
      });
      socket.on('close', () => {
        clearTimeout(timer);
        done(text);
      });
      socket.on('error', fail);
      socket.end(sent);
    });
    expect(answer).toBe('HTTP/1.1 200 OK\r\n\r\n');
    expect(relay.requests.map((r) => r.toString('latin1'))).toEqual([sent.slice(0, -1)]); // Content-Length 6 of 7
  } finally {
    await relay.close();
    await new Promise<void>((done) => upstream.close(() => done()));
  }
});

it('without SDK trees the harness says it was skipped and how to run it, and exits 0', () => {
  const run = spawnSync(process.execPath, [HARNESS], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(
    /^sdk-harness: skipped: no SDK trees given .*Run: node scripts\/sdk-harness\.ts --sdks DIR/,
  );
});
