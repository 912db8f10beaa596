const { MockAdmin } = require('@store-api/mock/testing');
const { syncStore, updateStore } = require('../integration.cjs');

const url = process.env.STORE_API_MOCK_URL;
const admin = new MockAdmin(process.env.STORE_API_MOCK_ADMIN_URL);
beforeEach(() => admin.reset());

test('retries an unknown outcome with the same request until it settles', async () => {
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS']);
  const store = { posStoreId: 's-1', name: 'Store A', status: 'OPEN' };
  const result = await syncStore(url, { requestId: 'r-1', posAccountId: 'a-1', store });
  expect(result.resultCode).toBe('SUCCESS');
  const sent = await admin.requests({ operationId: 'syncStore' });
  expect(sent.map((request) => request.body.requestId)).toEqual(['r-1', 'r-1', 'r-1']);
  expect((await admin.store('a-1/s-1')).document).toEqual(store);
});

test('deletes a field by sending it empty', async () => {
  await admin.seedStore('st-1', { storeId: 'st-1', name: 'Store B', description: 'old' });
  await updateStore(url, { storeId: 'st-1', description: '' });
  const [request] = await admin.requests({ operationId: 'updateStore' });
  expect(request.body).toEqual({ storeId: 'st-1', description: '' });
  expect((await admin.store('st-1')).document).toEqual({ storeId: 'st-1', name: 'Store B' });
});

test('surfaces a connection reset', async () => {
  await admin.script('updateStore', [{ fault: { kind: 'reset' } }]);
  await expect(updateStore(url, { storeId: 'st-1', name: 'Store C' })).rejects.toThrow();
});
