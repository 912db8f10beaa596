// The contract proxy in front of a small local upstream, one that answers right and one that does not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
