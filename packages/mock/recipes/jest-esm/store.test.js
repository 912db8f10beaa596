import { beforeEach, expect, test } from '@jest/globals';
import { MockAdmin } from '@store-api/mock/testing';
import integration from '../integration.cjs';

const { syncStore, updateStore } = integration;
const url = process.env.STORE_API_MOCK_URL;
const admin = new MockAdmin(process.env.STORE_API_MOCK_ADMIN_URL);
beforeEach(() => admin.reset());

test('retries an unknown outcome with the same request until it settles', async () => {
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'SUCCESS']);
  const result = await syncStore(url, {
    requestId: 'r-2',
    posAccountId: 'a-1',
    store: { posStoreId: 's-2', name: 'A', status: 'OPEN' },
  });
  expect(result.resultCode).toBe('SUCCESS');
  expect(await admin.requests({ match: { requestId: 'r-2' } })).toHaveLength(2);
});

test('merges an update into a seeded store', async () => {
  await admin.seedStore('st-2', {
    storeId: 'st-2',
    name: 'Store B',
    location: { latitude: '1.35', longitude: '103.83' },
  });
  await updateStore(url, { storeId: 'st-2', location: { postCode: '999999' } });
  expect((await admin.store('st-2')).document.location).toEqual({
    latitude: '1.35',
    longitude: '103.83',
    postCode: '999999',
  });
});

test('gets the proxy page of a 503 as an error, not as a Result', async () => {
  await admin.script('updateStore', [{ fault: { kind: 'http', status: 503 } }]);
  await expect(updateStore(url, { storeId: 'st-2', name: 'C' })).rejects.toThrow(/not valid JSON/);
});
