// The client against hostile or broken servers (raw node:http servers on 127.0.0.1, bounded in size and time):
// endless and compressed bodies, stalls, redirects, answers signed for another exchange, proxies' bare statuses,
// errors from another realm, and misspelt options. Each row of the README's errors-and-retries table is here.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { generateRsaKeyPair } from '@store-api/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSignatureHeader,
  createStoreClient,
  formatTime,
  HttpStatusError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  type RetryEvent,
  SignatureError,
  type StoreClientOptions,
  TimeoutError,
} from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };

const partner = generateRsaKeyPair();
const platform = generateRsaKeyPair();
const CLIENT_ID = 'TEST_5X00000000000000';
const body = { requestId: 'req-hostile', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, deadlineMs: 10_000 };
const SUCCESS = JSON.stringify(replies.success);

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server whose nth request (from 1) is answered by `handle`. */
async function serve(handle: Handler): Promise<{ url: string; hits: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    req.resume();
    req.on('end', () => handle(req, res, n));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => n };
}

const clientFor = (url: string, extra: Partial<StoreClientOptions> = {}) =>
  createStoreClient({ baseUrl: url, clientId: CLIENT_ID, privateKey: partner.privateKey, retry: fastRetry, ...extra });

async function signed(uri: string, text: string, { clientId = CLIENT_ID, time = formatTime(new Date()) } = {}) {
  const signature = await createSignatureHeader(
    { method: 'POST', uri, clientId, time, body: text },
    platform.privateKey,
    1,
  );
  return { 'content-type': 'application/json', 'client-id': clientId, 'response-time': time, signature };
}

describe('bounded responses', () => {
  it('stops reading an endless body at maxResponseBytes, with a typed error and bounded memory', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const before = process.memoryUsage().rss;
    const error = await clientFor(url, { retry: false, maxResponseBytes: 1_000_000 })
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ kind: 'response-too-large', limit: 1_000_000, where: 'body' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses unread a compressed body whose wire size is declared past the limit (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '), { level: 9 }); // about 50 KB on the wire
    const { url } = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      });
      res.end(bomb);
    });
    const error = await clientFor(url, { retry: false, maxResponseBytes: 16_384 })
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'response-too-large', where: 'content-length' });
  });

  it('stops decompressing a chunked gzip bomb at the limit, counted after decompression', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '), { level: 9 });
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const before = process.memoryUsage().rss;
    const error = await clientFor(url, { retry: false })
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'response-too-large', limit: 65_536, where: 'body' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('times out an attempt whose body stalls after the headers, and retries it', async () => {
    const { url, hits } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"result":'); // and nothing more
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(SUCCESS);
    });
    // Generous: the second attempt must sign and answer within the same timeoutMs, however loaded the machine.
    const outcome = await clientFor(url, { timeoutMs: 1_000 }).syncStore(body);
    expect(outcome).toMatchObject({ status: 'S', attempts: 2 });
    expect(hits()).toBe(2);
  });
});

describe('redirects', () => {
  it('never follows one: a 307 to another origin is a RedirectError, and that origin sees nothing', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end(SUCCESS));
    const { url } = await serve((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/steal` }).end());
    const error = await clientFor(url)
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ kind: 'redirect', status: 307, location: `${elsewhere.url}/steal`, attempts: 1 });
    expect(elsewhere.hits()).toBe(0);
  });
});

describe('signatures tied to the exchange (with platformPublicKey)', () => {
  const verifying = (url: string, extra: Partial<StoreClientOptions> = {}) =>
    clientFor(url, { platformPublicKey: platform.publicKey, ...extra });

  it('accepts a response signed for this client, now', async () => {
    const { url } = await serve(async (req, res) =>
      res.writeHead(200, await signed(req.url ?? '', SUCCESS)).end(SUCCESS),
    );
    expect(await verifying(url).syncStore(body)).toMatchObject({ status: 'S' });
  });

  it("refuses a validly signed response carrying another client's client-id", async () => {
    const { url } = await serve(async (req, res) =>
      res.writeHead(200, await signed(req.url ?? '', SUCCESS, { clientId: 'SOMEONE_ELSE' })).end(SUCCESS),
    );
    const error = await verifying(url)
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toMatchObject({ reason: 'client-id', attempts: 1 });
    expect((error as Error).message).toContain('"SOMEONE_ELSE", not "TEST_5X00000000000000"');
  });

  it('refuses a validly signed response whose response-time is outside the skew window', async () => {
    for (const time of ['2001-01-01T00:00:00+00:00', '978307200000']) {
      const { url } = await serve(async (req, res) =>
        res.writeHead(200, await signed(req.url ?? '', SUCCESS, { time })).end(SUCCESS),
      );
      const error = await verifying(url)
        .syncStore(body)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'signature', reason: 'response-time' });
    }
  });

  it('takes a configurable skew window', async () => {
    const time = formatTime(new Date(Date.now() - 120_000));
    const { url } = await serve(async (req, res) =>
      res.writeHead(200, await signed(req.url ?? '', SUCCESS, { time })).end(SUCCESS),
    );
    await expect(verifying(url, { responseTimeSkewMs: 60_000 }).syncStore(body)).rejects.toMatchObject({
      reason: 'response-time',
    });
    expect(await verifying(url, { responseTimeSkewMs: 180_000 }).syncStore(body)).toMatchObject({ status: 'S' });
  });
});

describe("the README's table: unsigned transport-level answers, whatever the key setting", () => {
  for (const key of ['without platformPublicKey', 'with platformPublicKey'] as const) {
    const options = key === 'with platformPublicKey' ? { platformPublicKey: platform.publicKey } : {};
    it.each([502, 503, 429])(
      `${key}: an unsigned HTTP %i is an HttpStatusError, retried until the signed answer`,
      async (status) => {
        const { url, hits } = await serve(async (req, res, n) => {
          if (n === 1) return res.writeHead(status, { 'content-type': 'text/html' }).end('<html>busy</html>');
          res.writeHead(200, await signed(req.url ?? '', SUCCESS)).end(SUCCESS);
        });
        expect(await clientFor(url, options).syncStore(body)).toMatchObject({ status: 'S', attempts: 2 });
        expect(hits()).toBe(2);
      },
    );

    it(`${key}: an HTTP 400 is an HttpStatusError, not retried`, async () => {
      const { url, hits } = await serve((_req, res) => res.writeHead(400).end('bad'));
      await expect(clientFor(url, options).syncStore(body)).rejects.toMatchObject({
        kind: 'http-status',
        status: 400,
        attempts: 1,
      });
      expect(hits()).toBe(1);
    });
  }

  it('gives up on a 503 that never ends, as an HttpStatusError carrying the attempts', async () => {
    const { url } = await serve((_req, res) => res.writeHead(503).end());
    const error = await clientFor(url)
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 503, attempts: 3 });
  });
});

describe('one transport, whichever fetch', () => {
  it('sends every call, typed or raw, through an injected fetch, with the exact bytes and redirects off', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const { url } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(SUCCESS));
    const client = clientFor(url, {
      fetch: (input, init) => {
        seen.push({ url: input, init });
        return fetch(input, init);
      },
    });
    await client.syncStore(body);
    await client.raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    expect(seen.map((s) => [new URL(s.url).pathname, s.init.redirect, s.init.body])).toEqual([
      ['/v2/pos/syncStore', 'manual', JSON.stringify(body)],
      ['/v2/pds/store/updateStore', 'manual', '{"storeId":"1"}'],
    ]);
    expect(new Headers(seen[0]?.init.headers).get('signature')).toMatch(/^algorithm=RSA256,signature=/);
  });

  it('bounds the raw client too', async () => {
    const { url } = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(5000)),
    );
    await expect(
      clientFor(url, { maxResponseBytes: 1000 }).raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } }),
    ).rejects.toMatchObject({
      kind: 'response-too-large',
    });
  });

  it("recognises another realm's TypeError as a network failure, and retries it", async () => {
    const { url } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(SUCCESS));
    let calls = 0;
    const foreign = runInNewContext('new TypeError("fetch failed")') as Error;
    expect(foreign instanceof TypeError).toBe(false); // the point: instanceof cannot see it
    const client = clientFor(url, {
      fetch: (input, init) => (++calls === 1 ? Promise.reject(foreign) : fetch(input, init)),
    });
    expect(await client.syncStore(body)).toMatchObject({ status: 'S', attempts: 2 });
  });

  it('rethrows an error whose cause chain loops, as it is, rather than overflowing the stack', async () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    const client = clientFor('http://127.0.0.1:1', { fetch: () => Promise.reject(a) });
    await expect(client.syncStore(body)).rejects.toBe(a);
  });

  it('reports a refused connection as a NetworkError', async () => {
    const { url } = await serve(() => undefined);
    const dead = url.replace(/:\d+$/, ':1');
    await expect(clientFor(dead).syncStore(body)).rejects.toBeInstanceOf(NetworkError);
  });

  it('calls onRetry with the attempt, the reason and the delay', async () => {
    const { url } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(503).end() : res.writeHead(200, { 'content-type': 'application/json' }).end(SUCCESS),
    );
    const events: RetryEvent[] = [];
    await clientFor(url, { onRetry: (event) => events.push(event) }).syncStore(body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, reason: { kind: 'http-status', status: 503 } });
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(0);
  });
});

describe('options from plain JavaScript', () => {
  it('refuses a misspelt client option, naming it and what it likely meant', () => {
    const options = {
      baseUrl: 'http://127.0.0.1:1',
      clientId: CLIENT_ID,
      privateKey: partner.privateKey,
      platformPublickey: 'x',
    };
    expect(() => createStoreClient(options as StoreClientOptions)).toThrow(
      'createStoreClient: unknown option platformPublickey; did you mean platformPublicKey?',
    );
  });

  it('refuses a misspelt call option', async () => {
    const client = clientFor('http://127.0.0.1:1');
    await expect(client.syncStore(body, { timeOutMs: 5 } as never)).rejects.toThrow(
      'syncStore: unknown option timeOutMs; did you mean timeoutMs?',
    );
  });
});

describe('timeouts', () => {
  it('is a TimeoutError when the headers never come', async () => {
    const { url } = await serve(() => undefined);
    await expect(clientFor(url, { timeoutMs: 100, retry: false }).syncStore(body)).rejects.toBeInstanceOf(TimeoutError);
  });
});
