const { generateKeyPairSync } = require('node:crypto');
const { createStoreClient } = require('@store-api/client');
const { MockAdmin } = require('@store-api/mock/testing');

// Your own key pair: the mock checks only that a signature is there (started with --client ID=public.pem, it verifies it).
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const client = createStoreClient({
  baseUrl: process.env.STORE_API_MOCK_URL,
  clientId: 'TEST_5X00000000000000',
  privateKey,
});
const admin = new MockAdmin(process.env.STORE_API_MOCK_ADMIN_URL);
beforeEach(() => admin.reset());

test('retries an unknown outcome with the same request until it settles', async () => {
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS']);
  const store = { posStoreId: 's-1', name: 'Store A', status: 'OPEN' };
  const outcome = await client.syncStore({ requestId: 'r-1', posAccountId: 'a-1', store });
  expect(outcome.code).toBe('SUCCESS');
  const sent = await admin.requests({ operationId: 'syncStore' });
  expect(sent.map((request) => request.body.requestId)).toEqual(['r-1', 'r-1', 'r-1']);
  expect((await admin.store('a-1/s-1')).document).toEqual(store);
});

test('deletes a field by sending it empty', async () => {
  await admin.seedStore('st-1', { storeId: 'st-1', name: 'Store B', description: 'old' });
  await client.updateStore({ storeId: 'st-1', description: '' });
  const [request] = await admin.requests({ operationId: 'updateStore' });
  expect(request.body).toEqual({ storeId: 'st-1', description: '' });
  expect((await admin.store('st-1')).document).toEqual({ storeId: 'st-1', name: 'Store B' });
});

test('surfaces a connection reset', async () => {
  await admin.script('updateStore', [{ fault: { kind: 'reset' } }]);
  const call = client.updateStore({ storeId: 'st-1', name: 'Store C' }, { retry: false });
  await expect(call).rejects.toMatchObject({ kind: 'network' });
});
