// The HTTP shell on its own, with a handler of the test's: what the handler is given, what a client receives (the
// answer, a 413, a 500 for a handler that fails, a fault), CORS, and how the server starts and stops.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allowedOrigin,
  type CorsOption,
  type HttpRequest,
  type HttpResponse,
  headerJson,
  isAdminPath,
  keepError,
  type Listening,
  listen,
  MockStartError,
} from '../src/http.js';
import type { Fault } from '../src/script.js';
import { makeTlsIdentity } from '../src/tls-certificate.js';

interface Exchange {
  readonly status?: number;
  readonly headers?: IncomingHttpHeaders;
  /** What arrived of the body before the connection ended. */
  readonly body: string;
  /** The error that ended the exchange, when it did not end cleanly. */
  readonly error?: string;
}

/** One request, with what arrived however the connection ended (never rejects). */
function exchange(
  url: string,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
    agent?: Agent | false;
  } = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let headers: IncomingHttpHeaders | undefined;
    const chunks: Buffer[] = [];
    const done = (error?: Error) =>
      resolve({
        ...(status === undefined ? {} : { status, headers }),
        body: Buffer.concat(chunks).toString('utf8'),
        ...(error === undefined ? {} : { error: (error as NodeJS.ErrnoException).code ?? error.message }),
      });
    const req = httpRequest(
      `${url}${options.path ?? '/v2/pos/syncStore'}`,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: options.agent ?? false },
      (res) => {
        status = res.statusCode;
        headers = res.headers;
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done());
        res.on('error', done);
      },
    );
    req.on('error', done);
    req.end(options.body);
  });
}

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(
  handle: (request: HttpRequest) => Promise<HttpResponse>,
  more: { maxBodyBytes?: number; cors?: CorsOption; host?: string } = {},
): Promise<Listening> {
  const server = await listen(more.host ?? '127.0.0.1', 0, handle, more.maxBodyBytes, more.cors);
  servers.push(server);
  return server;
}
const ok = (body = '{"ok":true}', fault?: Fault): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body,
  ...(fault === undefined ? {} : { fault }),
});

describe('what the handler is given, and what the client gets', () => {
  it('hands on the method, the target, the headers (repeated ones joined) and the body as text and bytes', async () => {
    const seen: HttpRequest[] = [];
    const server = await serve(async (request) => {
      seen.push(request);
      return ok('{"answer":"妈妈"}');
    });
    const answer = await exchange(server.url, {
      method: 'PUT',
      path: '/a/b?x=1',
      headers: { 'X-Custom': 'one', 'Set-Cookie': ['a=1', 'b=2'], 'content-type': 'application/json' },
      body: '{"name":"é"}',
    });
    expect(answer).toEqual({
      status: 200,
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength('{"answer":"妈妈"}')),
      }),
      body: '{"answer":"妈妈"}',
    });
    const [request] = seen;
    expect(request).toMatchObject({ method: 'PUT', url: '/a/b?x=1', body: '{"name":"é"}' });
    expect(request?.headers).toMatchObject({ 'x-custom': 'one', 'set-cookie': 'a=1, b=2' });
    expect(request?.bytes).toEqual(Buffer.from('{"name":"é"}'));
  });

  it('hands on a body that arrives in many chunks exactly: a byte order mark kept, characters cut between chunks joined', async () => {
    const seen: HttpRequest[] = [];
    const server = await serve(async (request) => {
      seen.push(request);
      return ok();
    });
    // 600 KB of three-byte characters after a BOM: read in chunks of 64 KiB or less, some cut inside a character.
    const text = `\uFEFF{"name":"${'妈'.repeat(200_000)}"}`;
    expect((await exchange(server.url, { body: text })).status).toBe(200);
    expect(seen[0]?.body).toBe(text);
    expect(seen[0]?.bytes).toEqual(Buffer.from(text));
  });

  it('hands on an empty body as empty text', async () => {
    const seen: HttpRequest[] = [];
    const server = await serve(async (request) => {
      seen.push(request);
      return ok();
    });
    await exchange(server.url, { method: 'GET' });
    expect([seen[0]?.body, seen[0]?.bytes.length]).toEqual(['', 0]);
  });

  it('reads a body of exactly maxBodyBytes, and answers one byte more with 413 naming the bound', async () => {
    const bodies: string[] = [];
    const server = await serve(
      async (request) => {
        bodies.push(request.body);
        return ok();
      },
      { maxBodyBytes: 10 },
    );
    expect((await exchange(server.url, { body: '0123456789' })).status).toBe(200);
    const over = await exchange(server.url, { body: '0123456789A' });
    expect(over).toMatchObject({ status: 413, body: 'request body over 10 bytes (maxBodyBytes)' });
    expect(over.headers?.['content-type']).toBe('text/plain');
    expect(bodies).toEqual(['0123456789']);
  });

  it('answers a body far past maxBodyBytes once, with 413, while the sender is still writing, then serves the next', async () => {
    const server = await serve(async () => ok(), { maxBodyBytes: 10 });
    const over = await exchange(server.url, { body: Buffer.alloc(4 * 1024 * 1024, 'x') });
    expect(over).toMatchObject({ status: 413, body: 'request body over 10 bytes (maxBodyBytes)' });
    expect((await exchange(server.url, { body: '{}' })).status).toBe(200);
    expect(server.errors).toEqual([]);
  });

  it.each<[string, (request: HttpRequest) => Promise<HttpResponse>, string]>([
    [
      'rejects',
      async () => {
        throw new Error('broken store');
      },
      'broken store',
    ],
    [
      'throws at once',
      () => {
        throw new Error('thrown at once');
      },
      'thrown at once',
    ],
    ['rejects with a value that is not an Error', () => Promise.reject('a bare text'), 'a bare text'],
  ])(
    'answers 500 naming the failure when the handler %s, keeps it, and goes on serving',
    async (_how, fail, detail) => {
      let calls = 0;
      const server = await serve((request) => (calls++ === 0 ? fail(request) : Promise.resolve(ok())));
      const failed = await exchange(server.url, { body: '{}' });
      expect(failed.status).toBe(500);
      expect(failed.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(failed.body)).toEqual({ title: 'The mock failed on this request', detail });
      expect(server.errors.map((error) => [error instanceof Error, error.message])).toEqual([[true, detail]]);
      expect((await exchange(server.url, { body: '{}' })).status).toBe(200);
    },
  );

  it('keeps the newest 100 of its own errors', () => {
    const errors: Error[] = [];
    for (let i = 1; i <= 101; i++) keepError(errors, new Error(`e${i}`));
    expect(errors).toHaveLength(100);
    expect([errors[0]?.message, errors[99]?.message]).toEqual(['e2', 'e101']);
  });
});

describe('faults a script asks for, as the client meets them', () => {
  const faulty = (fault: Fault, body = '{"result":{"resultStatus":"S"}}') => serve(async () => ok(body, fault));

  it('a delay: the whole answer, afterwards', async () => {
    const server = await faulty({ kind: 'delay', ms: 1 });
    expect(await exchange(server.url)).toMatchObject({ status: 200, body: '{"result":{"resultStatus":"S"}}' });
  });

  /** What a bare TCP client meets: the bytes that came, and whether the connection ended cleanly or was reset. */
  const raw = (url: string) =>
    new Promise<{ bytes: number; end: 'end' | string }>((resolve) => {
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}'),
      );
      let bytes = 0;
      socket.on('data', (chunk) => {
        bytes += chunk.length;
      });
      socket.on('end', () => resolve({ bytes, end: 'end' }));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve({ bytes, end: error.code ?? error.message }));
    });

  it('a reset is a TCP reset, an empty reply a clean close: nothing sent either way', async () => {
    expect(await raw((await faulty({ kind: 'reset' })).url)).toEqual({ bytes: 0, end: 'ECONNRESET' });
    expect(await raw((await faulty({ kind: 'empty' })).url)).toEqual({ bytes: 0, end: 'end' });
  });

  it.each<[string, Fault]>([
    ['a delay', { kind: 'delay', ms: 10 * 60 * 1000 }],
    ['a hang', { kind: 'hang' }],
  ])('%s holds its request while the server answers others, until it closes', async (_name, fault) => {
    let received: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    const server = await listen('127.0.0.1', 0, async (request) => {
      if (request.url !== '/held') return ok('{"other":true}');
      received();
      return ok('{}', fault);
    });
    let settled: Exchange | undefined;
    const held = exchange(server.url, { path: '/held' }).then((answer) => {
      settled = answer;
      return answer;
    });
    await arrived;
    // The next request is read, answered and received after the held one's answer was handed to the server.
    expect(await exchange(server.url, { path: '/other' })).toMatchObject({ status: 200, body: '{"other":true}' });
    expect(settled).toBeUndefined();
    await server.close();
    expect(await held).toEqual({ body: '', error: 'ECONNRESET' });
  });

  it('a reset: the connection reset, nothing sent', async () => {
    const server = await faulty({ kind: 'reset' });
    expect(await exchange(server.url)).toEqual({ body: '', error: 'ECONNRESET' });
  });

  it('an empty reply: the connection closed cleanly, nothing sent', async () => {
    const server = await faulty({ kind: 'empty' });
    expect(await exchange(server.url)).toEqual({ body: '', error: 'ECONNRESET' });
  });

  it('a truncated reply: the status, the whole length announced, half the body, then the connection closed', async () => {
    const server = await faulty({ kind: 'truncated' }, '0123456789');
    const answer = await exchange(server.url);
    expect(answer).toMatchObject({ status: 200, body: '01234', error: 'ECONNRESET' });
    expect(answer.headers?.['content-length']).toBe('10');
  });

  it('a truncated empty reply still announces a body it never sends', async () => {
    const server = await faulty({ kind: 'truncated' }, '');
    const answer = await exchange(server.url);
    expect(answer).toMatchObject({ status: 200, body: '', error: 'ECONNRESET' });
    expect(answer.headers?.['content-length']).toBe('2');
  });

  it('an HTTP error from a proxy: sent as given', async () => {
    const server = await serve(async () => ({
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html>busy</html>',
      fault: { kind: 'http', status: 503 },
    }));
    expect(await exchange(server.url)).toMatchObject({ status: 503, body: '<html>busy</html>' });
  });

  it('a hang: nothing until the server closes, then the connection is cut', async () => {
    let received: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    const server = await listen('127.0.0.1', 0, async () => {
      received();
      return ok('{}', { kind: 'hang' });
    });
    const answer = exchange(server.url);
    await arrived;
    await server.close();
    expect(await answer).toEqual({ body: '', error: 'ECONNRESET' });
  });
});

describe('headerJson: a value as a header, ASCII JSON', () => {
  it.each<[string, unknown, string]>([
    ['a Latin-1 letter, escaped in four hex digits', 'é', '"\\u00e9"'],
    ['DEL, escaped', '\u007f', '"\\u007f"'],
    ['a space and a tilde, kept', ' ~', '" ~"'],
    ['a number', 12, '12'],
  ])('%s', (_name, value, want) => {
    expect(headerJson(value)).toBe(want);
    expect(JSON.parse(headerJson(value))).toEqual(value);
  });

  it.each<[string, unknown, number, string]>([
    ['a text cut to fit, ending with …', 'abcdefghij', 10, '"ab\\u2026"'],
    ['a text that fits whole', 'abcdefgh', 10, '"abcdefgh"'],
    ['a list with no room for any item', ['aaaa', 'bbbb'], 12, '["\\u2026 2 more"]'],
    [
      'a list keeping the items that fit, to the character',
      ['a', 'b', 'c'.repeat(20)],
      26,
      '["a","b","\\u2026 1 more"]',
    ],
    ['a list one character shorter keeping one item fewer', ['a', 'b', 'c'.repeat(20)], 25, '["a","\\u2026 2 more"]'],
    ['a value that is neither text, list nor object', 1234567890, 5, 'null'],
    ['an object too large even cut', { a: 'b'.repeat(30) }, 10, '{"truncated":true}'],
  ])('%s', (_name, value, limit, want) => {
    expect(headerJson(value, limit)).toBe(want);
  });
});

describe('CORS', () => {
  it.each<[string, string | undefined, CorsOption | undefined, string, string | undefined]>([
    ['no Origin', undefined, true, '/', undefined],
    ['a local page, by default', 'http://localhost:3000', undefined, '/', 'http://localhost:3000'],
    ['127.0.0.1 without a port, by default', 'http://127.0.0.1', undefined, '/', 'http://127.0.0.1'],
    ['[::1] over https, by default', 'https://[::1]:8443', undefined, '/', 'https://[::1]:8443'],
    ['another host, by default', 'https://partner.example', undefined, '/', undefined],
    ['a host that only starts like localhost', 'http://localhost.partner.example', undefined, '/', undefined],
    ['a port of six digits', 'http://localhost:123456', undefined, '/', undefined],
    ['another scheme', 'ftp://localhost', undefined, '/', undefined],
    ['any origin, with true', 'https://partner.example', true, '/', 'https://partner.example'],
    ['none, with false', 'http://localhost:3000', false, '/', undefined],
    ['a listed origin', 'https://partner.example', ['https://partner.example'], '/', 'https://partner.example'],
    [
      'a local page, when the list does not say local',
      'http://localhost:3000',
      ['https://partner.example'],
      '/',
      undefined,
    ],
    ['a local page, when the list says local', 'http://localhost:3000', ['local'], '/', 'http://localhost:3000'],
    ['another host, when the list says local', 'https://partner.example', ['local'], '/', undefined],
    ['Origin null, even with true', 'null', true, '/v2/pos/syncStore', undefined],
    ['Origin null, by default', 'null', undefined, '/v2/pos/syncStore', undefined],
    ['Origin null, when listed, to the store API', 'null', ['null'], '/v2/pos/syncStore', 'null'],
    ['Origin null, when listed, to the admin API', 'null', ['null'], '/__admin/scripts', undefined],
    ['Origin null, when only local is listed', 'null', ['local'], '/v2/pos/syncStore', undefined],
  ])('%s', (_name, origin, cors, path, want) => {
    expect(allowedOrigin(origin, cors, path)).toBe(want);
  });

  it.each<[string, boolean]>([
    ['/__admin', true],
    ['/__admin/', true],
    ['/__admin/scripts', true],
    ['/__admin?x=1', true],
    ['/__administrator', false],
    ['/v2/__admin', false],
    ['/__ADMIN', false],
  ])('the admin API’s paths: %s %s', (path, want) => {
    expect(isAdminPath(path)).toBe(want);
  });

  it('answers an allowed page’s preflight with what it may send, and lets it read the mock’s headers', async () => {
    const server = await serve(async () => ok());
    const origin = 'http://localhost:3000';
    const preflight = await exchange(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': origin,
      vary: 'origin',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE',
      'access-control-allow-headers': 'content-type, client-id, request-time, signature, agent-token, prefer',
      'access-control-max-age': '600',
    });
    const answer = await exchange(server.url, { headers: { origin }, body: '{}' });
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': origin,
      vary: 'origin',
      'access-control-expose-headers':
        'client-id, response-time, signature, x-mock-violations, x-mock-warnings, x-mock-diagnosis, x-mock-idempotent-replay, x-mock-journal-id',
    });
  });

  it('refuses another page’s preflight with 403 and no CORS headers, and lets it read nothing', async () => {
    let calls = 0;
    const server = await serve(async () => {
      calls++;
      return ok();
    });
    const origin = 'https://partner.example';
    const preflight = await exchange(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    const answer = await exchange(server.url, { headers: { origin }, body: '{}' });
    for (const headers of [preflight.headers, answer.headers])
      for (const name of [
        'access-control-allow-origin',
        'access-control-allow-methods',
        'access-control-expose-headers',
      ])
        expect(headers).not.toHaveProperty(name);
    expect(calls).toBe(1);
  });

  it('hands an OPTIONS that is not a preflight to the handler', async () => {
    const methods: string[] = [];
    const server = await serve(async (request) => {
      methods.push(request.method);
      return ok();
    });
    expect((await exchange(server.url, { method: 'OPTIONS', headers: { origin: 'http://localhost' } })).status).toBe(
      200,
    );
    // A POST is never a preflight, whatever it carries.
    const post = { origin: 'https://partner.example', 'access-control-request-method': 'POST' };
    expect((await exchange(server.url, { headers: post, body: '{}' })).status).toBe(200);
    expect(methods).toEqual(['OPTIONS', 'POST']);
  });
});

describe('starting and stopping', () => {
  it('gives its URL with the port it got, an IPv6 host in brackets', async () => {
    const v4 = await serve(async () => ok());
    expect(v4.url).toBe(`http://127.0.0.1:${v4.port}`);
    expect(v4.port).toBeGreaterThan(0);
    const v6 = await serve(async () => ok(), { host: '::1' });
    expect(v6.url).toBe(`http://[::1]:${v6.port}`);
    expect((await exchange(v6.url, { body: '{}' })).status).toBe(200);
  });

  it('refuses a port in use with a MockStartError naming the address and the cause', async () => {
    const taken = await serve(async () => ok());
    const error = await listen('127.0.0.1', taken.port, async () => ok()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockStartError);
    expect(error).toMatchObject({
      name: 'MockStartError',
      message: `cannot listen on 127.0.0.1:${taken.port}: EADDRINUSE`,
    });
    expect((error as Error).cause).toMatchObject({ code: 'EADDRINUSE' });
  });

  it('closes once however often it is asked, and frees the port', async () => {
    const server = await listen('127.0.0.1', 0, async () => ok());
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    expect((await exchange(server.url)).error).toBe('ECONNREFUSED');
  });

  it('serves HTTPS with a TLS identity, and says so in its URL', async () => {
    const tls = makeTlsIdentity();
    const server = await listen('127.0.0.1', 0, async () => ok('{"secure":true}'), undefined, undefined, tls);
    servers.push(server);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${server.url}/`, { ca: tls.cert, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('{"secure":true}');
  });

  it('with a grace, stops at once when no request is in flight, idle keep-alive connections closed', async () => {
    const server = await listen('127.0.0.1', 0, async () => ok());
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await exchange(server.url, { body: '{}', agent })).status).toBe(200);
      // Resolves only if the idle connection is closed: a grace of ten minutes would outlast the test.
      await server.close(10 * 60 * 1000);
    } finally {
      agent.destroy();
    }
  });

  it('with a grace, lets the request in flight finish with connection: close, then stops', async () => {
    let release: (reply: HttpResponse) => void = () => undefined;
    let received: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    const server = await listen('127.0.0.1', 0, () => {
      received();
      return new Promise<HttpResponse>((resolve) => {
        release = resolve;
      });
    });
    const answer = exchange(server.url, { body: '{}' });
    await arrived;
    const closed = server.close(60_000);
    release(ok('{"late":true}'));
    expect(await answer).toMatchObject({ status: 200, body: '{"late":true}', headers: { connection: 'close' } });
    await closed;
  });
});
