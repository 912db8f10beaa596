// vitest: the mock in process (startMock), driven through its methods and through the admin HTTP API.
import { generateKeyPairSync } from 'node:crypto';
import { createStoreClient } from '@store-api/client';
import { startMock } from '@store-api/mock';
import { MockAdmin } from '@store-api/mock/testing';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

// Your own key pair: the mock checks only that a signature is there (started with --client ID=public.pem, it verifies it).
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
let mock;
let admin;
let client;
beforeAll(async () => {
  mock = await startMock();
  admin = new MockAdmin(mock.adminUrl);
  client = createStoreClient({ baseUrl: mock.url, clientId: 'TEST_5X00000000000000', privateKey });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

test('retries an unknown outcome with the same request until it settles', async () => {
  mock.script('syncStore', ['UNKNOWN_EXCEPTION', 'SUCCESS']);
  const outcome = await client.syncStore({
    requestId: 'r-3',
    posAccountId: 'a-1',
    store: { posStoreId: 's-3', name: 'A', status: 'OPEN' },
  });
  expect(outcome.code).toBe('SUCCESS');
  expect(mock.requests({ operationId: 'syncStore' }).map((r) => r.outcome.name)).toEqual([
    'UNKNOWN_EXCEPTION',
    'SUCCESS',
  ]);
});

test('deletes a field by sending it empty (through the admin API)', async () => {
  await admin.seedStore('st-3', { storeId: 'st-3', name: 'Store B', description: 'old' });
  await client.updateStore({ storeId: 'st-3', description: '' });
  expect((await admin.store('st-3')).document).toEqual({ storeId: 'st-3', name: 'Store B' });
});

test('times out on a hang', async () => {
  mock.script('updateStore', [{ fault: { kind: 'hang' } }]);
  const call = client.updateStore({ storeId: 'st-3', name: 'C' }, { retry: false, timeoutMs: 200 });
  await expect(call).rejects.toMatchObject({ kind: 'timeout' });
});
