// The contract proxy in front of a small local upstream, one that answers right and one that does not; then
// hostile exchanges over raw sockets: repeated and hop-by-hop headers both ways, paths that try to leave the base.
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { startScriptedServer } from '@store-api/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractBreach, type ContractProxy, startProxy } from '../src/index.js';
import { PATHS, post } from './support/http.js';

const GOOD = { result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' } };
// A result without resultCode and with a status outside S/F/U: what a broken sandbox might send.
const BAD = { result: { resultStatus: 'OK' } };

let upstream: Server;
let proxy: ContractProxy;
const reported: ContractBreach[] = [];
beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'client-id': 'TEST_5X00000000000000',
        'response-time': '2023-08-28T22:16:08+08:00',
      });
      res.end(JSON.stringify(req.url === PATHS.updateStore ? BAD : GOOD));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startProxy({
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    onBreach: (b) => reported.push(b),
  });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the contract proxy', () => {
  it('passes a conforming exchange through and reports nothing', async () => {
    const answer = await post(proxy.url, PATHS.syncStore, {
      requestId: 'r1',
      posAccountId: 'a1',
      store: { posStoreId: 's1' },
    });
    expect(answer.body).toEqual(GOOD);
    expect(answer.headers.get('x-mock-violations')).toBeNull();
    expect(proxy.breaches).toEqual([]);
  });

  it('flags a response that breaks the contract, and still passes it through', async () => {
    const answer = await post(proxy.url, PATHS.updateStore, { storeId: '1' });
    expect(answer.body).toEqual(BAD);
    expect(proxy.breaches).toHaveLength(1);
    const [breach] = proxy.breaches;
    expect(breach).toMatchObject({ method: 'POST', path: PATHS.updateStore, status: 200 });
    expect(breach?.violations.some((v) => v.startsWith('response.') && v.includes('resultCode'))).toBe(true);
    expect(breach?.violations.some((v) => v.startsWith('response.') && /resultStatus|allowed values/.test(v))).toBe(
      true,
    );
    expect(reported).toEqual(proxy.breaches);
    expect(JSON.parse(answer.headers.get('x-mock-violations') ?? '[]')).toEqual(breach?.violations);
  });

  it('flags a request that breaks the contract', async () => {
    await post(proxy.url, PATHS.syncStore, { requestId: 'r2', posAccountId: 'a1', store: { name: 'no posStoreId' } });
    const last = proxy.breaches.at(-1);
    expect(last?.path).toBe(PATHS.syncStore);
    expect(last?.violations.some((v) => v.startsWith('request.') && v.includes('posStoreId'))).toBe(true);
  });

  it('refuses an upstream that is not a URL, naming the option', async () => {
    await expect(startProxy({ upstream: 'sandbox' })).rejects.toThrow(
      'startProxy: upstream must be an absolute URL (got "sandbox")',
    );
  });
});

// Hostile exchanges, byte for byte: a raw socket on each side, so nothing between normalises what is sent.
interface RawAnswer {
  readonly status: number;
  /** Every header line as sent, in order, its name lower-cased. */
  readonly lines: readonly (readonly [string, string])[];
  readonly body: string;
}

/** Sends `head` (request line and headers, CRLF-separated, no final blank line) and `body`; reads to the close. */
function rawRequest(url: string, head: string, body = ''): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        lines: headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
        body: text.slice(split + 4),
      });
    });
  });
}

/** An upstream that reads a request's head and answers every request with `answer`'s exact bytes, then closes. */
async function rawUpstream(answer: string): Promise<{ url: string; heads: string[]; close(): Promise<void> }> {
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text)?.[1] ?? 0);
      if (end === -1 || text.length < end + 4 + length) return;
      heads.push(text.slice(0, end));
      text = '';
      socket.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heads,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const answerWith = (headers: readonly string[], body = JSON.stringify(GOOD)) =>
  `HTTP/1.1 200 OK\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const SYNC_STORE = JSON.stringify({ requestId: 'r1', posAccountId: 'a1', store: { posStoreId: 's1' } });
const postHead = (path: string, ...headers: string[]) =>
  [`POST ${path} HTTP/1.1`, 'Host: proxy.test', 'Content-Type: application/json', ...headers].join('\r\n');

describe('the contract proxy forwards headers exactly', () => {
  it('keeps every set-cookie of the answer, each on its own line and in order', async () => {
    const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly', 'a=3; Path=/v2'];
    const upstream = await rawUpstream(
      answerWith(['Content-Type: application/json', ...cookies.map((c) => `Set-Cookie: ${c}`)]),
    );
    const proxy = await startProxy({ upstream: upstream.url });
    try {
      const answer = await rawRequest(
        proxy.url,
        postHead(PATHS.syncStore, `Content-Length: ${SYNC_STORE.length}`),
        SYNC_STORE,
      );
      expect(answer.status).toBe(200);
      expect(answer.lines.filter(([name]) => name === 'set-cookie').map(([, value]) => value)).toEqual(cookies);
      expect(JSON.parse(answer.body)).toEqual(GOOD);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it("does not pass on the answer's hop-by-hop headers, proxy-authenticate, or any header its Connection names", async () => {
    const upstream = await rawUpstream(
      answerWith([
        'Content-Type: application/json',
        'Connection: keep-alive, X-Upstream-Hop',
        'X-Upstream-Hop: secret',
        'Keep-Alive: timeout=5',
        'Proxy-Connection: keep-alive',
        'Proxy-Authenticate: Basic realm="upstream"',
        'Proxy-Authorization: Basic dXBzdHJlYW06c2VjcmV0',
        'Trailer: X-Checksum',
        'Upgrade: h2c',
        'X-Kept: yes',
      ]),
    );
    const proxy = await startProxy({ upstream: upstream.url });
    try {
      const answer = await rawRequest(
        proxy.url,
        postHead(PATHS.syncStore, `Content-Length: ${SYNC_STORE.length}`),
        SYNC_STORE,
      );
      expect(answer.status).toBe(200);
      const names = answer.lines.map(([name]) => name);
      for (const name of [
        'x-upstream-hop',
        'keep-alive',
        'proxy-connection',
        'proxy-authenticate',
        'proxy-authorization',
        'trailer',
        'upgrade',
      ])
        expect(names, name).not.toContain(name);
      // The proxy's own Connection, not the upstream's.
      expect(answer.lines.filter(([name]) => name === 'connection')).toEqual([['connection', 'close']]);
      expect(answer.lines).toContainEqual(['x-kept', 'yes']);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it("does not pass on the request's hop-by-hop headers, proxy-authorization, or any header its Connection names", async () => {
    const upstream = await startScriptedServer([{ body: GOOD }]);
    const proxy = await startProxy({ upstream: upstream.url });
    try {
      const chunked = `${SYNC_STORE.length.toString(16)}\r\n${SYNC_STORE}\r\n0\r\n\r\n`;
      const answer = await rawRequest(
        proxy.url,
        postHead(
          PATHS.syncStore,
          'Transfer-Encoding: chunked',
          'Connection: X-Client-Hop',
          'X-Client-Hop: secret',
          'Keep-Alive: timeout=5',
          'Proxy-Connection: keep-alive',
          'Proxy-Authorization: Basic cGFydG5lcjpzZWNyZXQ=',
          'TE: trailers',
          'Trailer: X-Checksum',
          'Authorization: Bearer for-the-upstream',
          'X-Kept: yes',
        ),
        chunked,
      );
      expect(answer.status).toBe(200);
      const [received] = upstream.received;
      for (const name of [
        'x-client-hop',
        'keep-alive',
        'proxy-connection',
        'proxy-authorization',
        'te',
        'trailer',
        'transfer-encoding',
      ])
        expect(Object.keys(received?.headers ?? {}), name).not.toContain(name);
      expect(received?.headers).toMatchObject({ authorization: 'Bearer for-the-upstream', 'x-kept': 'yes' });
      expect(received?.body).toBe(SYNC_STORE);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});

describe('no request path leaves the upstream base path', () => {
  const RULE = `the proxy forwards only paths under /base/ (no dot segment, backslash or encoded "/", however percent-encoded)`;
  it.each([
    ['/../secret', 'segment ".." is a dot segment'],
    ['/v2/../../secret', 'segment ".." is a dot segment'],
    ['/%2e%2e/secret', 'segment "%2e%2e" is a dot segment'],
    ['/.%2E/secret', 'segment ".%2E" is a dot segment'],
    ['/%252e%252e/secret', 'segment "%252e%252e" is a dot segment'],
    ['/./v2/pos/syncStore', 'segment "." is a dot segment'],
    ['/..%2fsecret', 'segment "..%2fsecret" holds an encoded "/"'],
    ['/..%252Fsecret', 'segment "..%252Fsecret" holds an encoded "/"'],
    ['/..%5csecret', 'segment "..%5csecret" holds a backslash'],
    ['/..\\secret', 'segment "..\\\\secret" holds a backslash'],
    ['http://evil.example/secret', 'the request target must be a path starting with "/"'],
    ['/..?to=/base/v2', 'segment ".." is a dot segment'],
  ])('refuses %s with a 400 naming the rule, and sends the upstream nothing', async (target, reason) => {
    const upstream = await startScriptedServer([{ body: GOOD }]);
    const proxy = await startProxy({ upstream: `${upstream.url}/base/` });
    try {
      const answer = await rawRequest(proxy.url, postHead(target, 'Content-Length: 2'), '{}');
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        title: "The request path would leave the upstream's base path",
        detail: `${JSON.stringify(target)}: ${reason}; ${RULE}`,
      });
      expect(upstream.received).toEqual([]);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('forwards a path under the base path, a doubled slash included, to that path on the upstream', async () => {
    const upstream = await startScriptedServer([{ body: GOOD }]);
    const proxy = await startProxy({ upstream: `${upstream.url}/base/` });
    try {
      for (const target of [PATHS.syncStore, '//evil.example/secret'])
        expect((await rawRequest(proxy.url, postHead(target, 'Content-Length: 2'), '{}')).status).toBe(200);
      expect(upstream.received.map((r) => r.url)).toEqual([`/base${PATHS.syncStore}`, '/base//evil.example/secret']);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('refuses an upstream with a query, naming the option', async () => {
    await expect(startProxy({ upstream: 'http://127.0.0.1:9/base?key=1' })).rejects.toThrow(
      `startProxy: upstream must have no query or fragment, as each request's path is appended to it (got "http://127.0.0.1:9/base?key=1")`,
    );
  });
});
