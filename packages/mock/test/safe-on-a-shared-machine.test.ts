// Safe on a shared machine: no web page can change or read the mock, every store is bounded in bytes, no script
// can break it, and it stops without cutting the requests in flight. Raw sockets where the browser's or a hostile
// sender's bytes matter; every server on 127.0.0.1, stopped by the test that started it.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostName, isLoopback } from '../src/guard.js';
import { type MockServer, startMock } from '../src/index.js';
import { checkScript, Scripts } from '../src/script.js';
import { PATHS, post } from './support/http.js';

/** Sends raw bytes and resolves with everything the server sent back until it closed (or `ms` passed). */
function raw(port: number, bytes: string | Buffer, ms = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.on('connect', () => socket.write(bytes));
    socket.once('error', reject);
  });
}

/** Resolves once the journal holds `count` entries (bounded by the test's timeout). */
async function journalled(mock: MockServer, count: number): Promise<void> {
  while (mock.requests().length < count) await new Promise((resolve) => setImmediate(resolve));
}

const http = (method: string, path: string, headers: Record<string, string>, body = '') =>
  `${method} ${path} HTTP/1.1\r\n${Object.entries({
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  })
    .map(([n, v]) => `${n}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;
const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const detail = (answer: string) =>
  (JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { detail: string }).detail;

describe('hostName and isLoopback', () => {
  const table: [string, string, boolean][] = [
    ['127.0.0.1:4010', '127.0.0.1', true],
    ['127.1.2.3', '127.1.2.3', true],
    ['LOCALHOST:4010', 'localhost', true],
    ['app.localhost:80', 'app.localhost', true],
    ['[::1]:4010', '::1', true],
    ['evil.example', 'evil.example', false],
    ['127.0.0.1.evil.example', '127.0.0.1.evil.example', false],
    ['localhost.evil.example', 'localhost.evil.example', false],
    ['128.0.0.1', '128.0.0.1', false],
    ['127.0.0.256', '127.0.0.256', false],
    ['[::2]:80', '::2', false],
    ['', '', false],
  ];
  it.each(table)('%s is the host %s, loopback: %s', (host, name, loopback) => {
    expect(hostName(host)).toBe(name);
    expect(isLoopback(hostName(host))).toBe(loopback);
  });
});

describe('the admin API answers only this machine', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ allowedHosts: ['mock.internal'] });
  });
  afterAll(() => mock.close());

  it('refuses a Host that is not a loopback name or one allowed, as DNS rebinding would send', async () => {
    const answer = await raw(mock.port, http('GET', '/__admin/requests', { host: `evil.example:${mock.port}` }));
    expect(status(answer)).toBe(403);
    expect(detail(answer)).toBe(
      `the admin API answers only to this machine's names (localhost, 127.0.0.1, [::1]) and those given with --allow-host; Host was "evil.example:${mock.port}"`,
    );
  });

  it('answers loopback names and the names it was given', async () => {
    for (const host of [`127.0.0.1:${mock.port}`, `localhost:${mock.port}`, `[::1]:${mock.port}`, 'mock.internal:80'])
      expect(status(await raw(mock.port, http('GET', '/__admin/outcomes', { host })))).toBe(200);
  });

  it('refuses an admin call from a page whose Origin the CORS setting does not allow', async () => {
    const answer = await raw(
      mock.port,
      http(
        'POST',
        '/__admin/reset',
        { host: '127.0.0.1', origin: 'https://evil.example', 'content-type': 'text/plain' },
        'x',
      ),
    );
    expect(status(answer)).toBe(403);
    expect(detail(answer)).toBe(
      'a page on "https://evil.example" may not call the mock: its CORS setting (--cors) does not allow that origin',
    );
  });

  it('refuses an API call from such a page too: a simple POST would change the stores and replays', async () => {
    const answer = await raw(
      mock.port,
      http(
        'POST',
        PATHS.syncStore,
        { host: '127.0.0.1', origin: 'http://127.0.0.2:8080', 'content-type': 'text/plain' },
        '{}',
      ),
    );
    expect(status(answer)).toBe(403);
    expect(mock.requests()).toEqual([]);
  });

  it('refuses an admin write whose body is not application/json (a form or text/plain POST)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await raw(
        mock.port,
        http(
          'POST',
          '/__admin/scripts',
          { host: '127.0.0.1', 'content-type': type },
          '{"operationId":"syncStore","steps":["PROCESS_FAIL"]}',
        ),
      );
      expect(status(answer)).toBe(415);
      expect(detail(answer)).toContain(
        `an admin POST must send its body as content-type: application/json (got "${type}")`,
      );
    }
    const bare = await raw(
      mock.port,
      http('POST', '/__admin/scripts', { host: '127.0.0.1' }, '{"operationId":"syncStore","steps":["PROCESS_FAIL"]}'),
    );
    expect(status(bare)).toBe(415);
    expect(mock.scripts()).toEqual([]);
  });

  it('takes a bodiless write with no content-type (curl -X POST …/reset) and a JSON one', async () => {
    expect(status(await raw(mock.port, http('POST', '/__admin/reset', { host: '127.0.0.1' })))).toBe(204);
    const added = await raw(
      mock.port,
      http(
        'POST',
        '/__admin/scripts',
        { host: '127.0.0.1', 'content-type': 'application/json; charset=UTF-8' },
        '{"operationId":"syncStore","steps":["PROCESS_FAIL"]}',
      ),
    );
    expect(status(added)).toBe(201);
    mock.reset();
  });
});

describe('--admin-token', () => {
  it('refuses an admin request without the token, and answers one with it', async () => {
    const mock = await startMock({ adminToken: 'a-long-enough-token-123' });
    try {
      const without = await fetch(`${mock.adminUrl}/requests`);
      expect(without.status).toBe(401);
      expect((await without.json()).detail).toBe(
        'this mock was started with --admin-token: send authorization: Bearer <token>',
      );
      const wrong = await fetch(`${mock.adminUrl}/requests`, {
        headers: { authorization: 'Bearer a-long-enough-token-124' },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${mock.adminUrl}/requests`, {
        headers: { authorization: 'Bearer a-long-enough-token-123' },
      });
      expect(right.status).toBe(200);
      // The API itself needs no token: the SDKs cannot send one.
      expect((await post(mock.url, PATHS.updateStore, { storeId: '1' })).body.result.resultCode).toBe('SUCCESS');
    } finally {
      await mock.close();
    }
  });
});

describe('cors: true (--cors any)', () => {
  it('admits any origin but never Origin: null (a sandboxed frame or a file:// page)', async () => {
    const mock = await startMock({ cors: true });
    try {
      const other = await raw(
        mock.port,
        http('GET', '/__admin/outcomes', { host: '127.0.0.1', origin: 'https://app.example' }),
      );
      expect(status(other)).toBe(200);
      const none = await raw(mock.port, http('GET', '/__admin/outcomes', { host: '127.0.0.1', origin: 'null' }));
      expect(status(none)).toBe(403);
    } finally {
      await mock.close();
    }
  });
});

describe('scripts are bounded', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ scriptBytes: 200_000 });
  });
  afterAll(() => mock.close());
  const add = (script: unknown) =>
    fetch(`${mock.adminUrl}/scripts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof script === 'string' ? script : JSON.stringify(script),
    });

  it('refuses a match 100,000 levels deep with a 400 naming the bound, keeps nothing, and goes on answering', async () => {
    const deep = `{"operationId":"syncStore","steps":["PROCESS_FAIL"],"match":{"store":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}`;
    const refused = await add(deep);
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(/^the script is too large to hold: .*32 levels/);
    expect(mock.scripts()).toEqual([]);
    const answer = await post(mock.url, PATHS.syncStore, {
      requestId: 'deep-1',
      posAccountId: 'a',
      store: { posStoreId: 'p', name: 'n', status: 'OPEN' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result.resultCode).toBe('SUCCESS');
  });

  it('refuses one script over 64 KiB, and scripts past scriptBytes together', async () => {
    const big = await add({
      operationId: 'syncStore',
      steps: ['PROCESS_FAIL'],
      match: { requestId: 'x'.repeat(70_000) },
    });
    expect(big.status).toBe(400);
    expect((await big.json()).detail).toMatch(/^a script may be at most 65536 bytes as JSON \(got 700\d\d\)/);
    const each = { operationId: 'syncStore', steps: ['PROCESS_FAIL'], match: { requestId: 'y'.repeat(60_000) } };
    expect((await add(each)).status).toBe(201);
    expect((await add(each)).status).toBe(201);
    expect((await add(each)).status).toBe(201);
    const past = await add(each);
    expect(past.status).toBe(400);
    expect((await past.json()).detail).toMatch(
      /^the scripts in force may hold at most 200000 bytes together \(scriptBytes\)/,
    );
    expect(mock.scripts()).toHaveLength(3);
    mock.reset();
    expect((await add(each)).status).toBe(201);
    mock.reset();
  });

  it('takes a body nested past the stack as no match for a script, never a 500', async () => {
    expect(
      (await add({ operationId: 'updateStore', steps: ['UNKNOWN_EXCEPTION'], match: { storeId: 's-1' } })).status,
    ).toBe(201);
    const deep = `{"storeId":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const answer = await post(mock.url, PATHS.updateStore, undefined, { raw: deep });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({
      resultCode: 'PARAM_ILLEGAL',
      resultMessage: '(body): nests deeper than 32 levels',
    });
    expect(mock.errors).toEqual([]);
    mock.reset();
  });

  it('reads a body field once a request however many scripts match on it', () => {
    const scripts = new Scripts();
    for (let i = 0; i < 1_000; i++)
      scripts.add(
        checkScript(
          { operationId: 'updateStore', steps: ['SUCCESS'], match: { description: `not-${i}` } },
          { updateStore: ['SUCCESS'] },
        ),
      );
    let reads = 0;
    const body = {
      get description() {
        reads += 1;
        return 'x'.repeat(900_000);
      },
    };
    expect(scripts.take('updateStore', body)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('refuses a match naming more than 32 fields', async () => {
    const match = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, i]));
    const refused = await add({ operationId: 'syncStore', steps: ['PROCESS_FAIL'], match });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toBe('script.match may name at most 32 fields (got 33)');
  });
});

describe('stores are bounded in bytes', () => {
  it('forgets the store changed longest ago once maxStoreBytes is passed, and pages /__admin/stores', async () => {
    const mock = await startMock({ maxStoreBytes: 50_000 });
    try {
      const description = 'd'.repeat(9_000);
      for (let i = 1; i <= 8; i++) await post(mock.url, PATHS.updateStore, { storeId: `big-${i}`, description });
      const held = mock.stores().map((s) => s.key);
      expect(held).toEqual(['big-4', 'big-5', 'big-6', 'big-7', 'big-8']);
      const page = await fetch(`${mock.adminUrl}/stores?limit=2`);
      expect(page.headers.get('x-mock-total-count')).toBe('5');
      expect(page.headers.get('link')).toBe('</__admin/stores?offset=2&limit=2>; rel="next"');
      expect((await page.json()).map((s: { key: string }) => s.key)).toEqual(['big-4', 'big-5']);
      const last = await fetch(`${mock.adminUrl}/stores?offset=4&limit=2`);
      expect(last.headers.get('link')).toBeNull();
      expect((await last.json()).map((s: { key: string }) => s.key)).toEqual(['big-8']);
      const bad = await fetch(`${mock.adminUrl}/stores?limit=5000`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).detail).toBe('limit must be a whole number from 1 to 1000 (got "5000")');
    } finally {
      await mock.close();
    }
  });

  it('pages /__admin/stores by bytes too: at most 1 MiB a page, a store past it alone on its own page', async () => {
    const mock = await startMock();
    try {
      for (const [key, size] of [
        ['a', 400_000],
        ['b', 400_000],
        ['c', 400_000],
        ['d', 1_500_000],
        ['e', 10],
      ] as const)
        mock.seedStore(key, { storeId: key, description: 'x'.repeat(size) });
      const pages: string[][] = [];
      let next: string | undefined = '/__admin/stores?limit=1000';
      while (next !== undefined) {
        const page: Response = await fetch(`${mock.url}${next}`);
        const body = await page.text();
        const keys = (JSON.parse(body) as { key: string }[]).map((s) => s.key);
        if (keys.length > 1) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024 * 1024);
        pages.push(keys);
        next = /^<([^>]+)>; rel="next"$/.exec(page.headers.get('link') ?? '')?.[1];
      }
      expect(pages).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    } finally {
      await mock.close();
    }
  });

  it('keeps the newest store even when it alone is past the bound', async () => {
    const mock = await startMock({ maxStoreBytes: 1_000 });
    try {
      await post(mock.url, PATHS.updateStore, { storeId: 'small', name: 'S' });
      await post(mock.url, PATHS.updateStore, { storeId: 'huge', description: 'h'.repeat(5_000) });
      expect(mock.stores().map((s) => s.key)).toEqual(['huge']);
    } finally {
      await mock.close();
    }
  });
});

describe('a body past maxBodyBytes', () => {
  it('gets its 413 before the connection closes, every time, while the sender is still writing', async () => {
    const mock = await startMock({ maxBodyBytes: 1024 });
    try {
      const body = Buffer.alloc(4 * 1024 * 1024, 'a');
      const head = `POST ${PATHS.syncStore} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
      for (let run = 0; run < 3; run++) {
        const answer = await raw(mock.port, Buffer.concat([Buffer.from(head), body]));
        expect(status(answer)).toBe(413);
        expect(answer).toContain('request body over 1024 bytes (maxBodyBytes)');
      }
    } finally {
      await mock.close();
    }
  });
});

describe('a graceful close', () => {
  it('lets a request in flight finish, refuses new connections, then frees the port', async () => {
    const mock = await startMock();
    mock.script('updateStore', [{ fault: { kind: 'delay', ms: 300 }, outcome: 'SUCCESS' }]);
    const inFlight = post(mock.url, PATHS.updateStore, { storeId: 'late' });
    await journalled(mock, 1); // the answer is made (and journalled) before its delay: the request is in flight
    const closed = mock.close({ graceMs: 5_000 });
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.result.resultCode).toBe('SUCCESS');
    await closed;
    await expect(fetch(`${mock.url}/__admin/outcomes`)).rejects.toThrow();
  });

  it('cuts what is still open when the grace runs out', async () => {
    const mock = await startMock();
    mock.script('updateStore', [{ fault: { kind: 'hang' } }]);
    const hung = post(mock.url, PATHS.updateStore, { storeId: 'hung' }).then(
      () => 'answered',
      () => 'cut',
    );
    await journalled(mock, 1);
    await mock.close({ graceMs: 200 });
    expect(await hung).toBe('cut');
  });
});

describe('POST /__admin/shutdown', () => {
  it('answers 202, lets the request in flight finish, then stops: closed resolves and the port is free', async () => {
    const mock = await startMock();
    mock.script('updateStore', [{ fault: { kind: 'delay', ms: 200 }, outcome: 'SUCCESS' }]);
    const inFlight = post(mock.url, PATHS.updateStore, { storeId: 'late' });
    await journalled(mock, 1);
    const answer = await fetch(`${mock.adminUrl}/shutdown`, { method: 'POST' });
    expect(answer.status).toBe(202);
    expect((await inFlight).body.result.resultCode).toBe('SUCCESS');
    await mock.closed;
    await expect(fetch(`${mock.url}/__admin/outcomes`)).rejects.toThrow();
  });

  it('is refused to a web page like any other admin write', async () => {
    const mock = await startMock();
    try {
      const answer = await raw(mock.port, http('POST', '/__admin/shutdown', { host: 'evil.example' }));
      expect(status(answer)).toBe(403);
      expect((await fetch(`${mock.adminUrl}/outcomes`)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
