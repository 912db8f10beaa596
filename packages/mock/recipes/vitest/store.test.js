// vitest: the mock in process (startMock), driven through its methods and through the admin HTTP API.
import { startMock } from '@store-api/mock';
import { MockAdmin } from '@store-api/mock/testing';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import integration from '../integration.cjs';

const { syncStore, updateStore } = integration;
let mock;
let admin;
beforeAll(async () => {
  mock = await startMock();
  admin = new MockAdmin(mock.adminUrl);
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

test('retries an unknown outcome with the same request until it settles', async () => {
  mock.script('syncStore', ['UNKNOWN_EXCEPTION', 'SUCCESS']);
  const result = await syncStore(mock.url, {
    requestId: 'r-3',
    posAccountId: 'a-1',
    store: { posStoreId: 's-3', name: 'A', status: 'OPEN' },
  });
  expect(result.resultCode).toBe('SUCCESS');
  expect(mock.requests({ operationId: 'syncStore' }).map((r) => r.outcome.name)).toEqual([
    'UNKNOWN_EXCEPTION',
    'SUCCESS',
  ]);
});

test('deletes a field by sending it empty (through the admin API)', async () => {
  await admin.seedStore('st-3', { storeId: 'st-3', name: 'Store B', description: 'old' });
  await updateStore(mock.url, { storeId: 'st-3', description: '' });
  expect((await admin.store('st-3')).document).toEqual({ storeId: 'st-3', name: 'Store B' });
});

test('times out on a hang', async () => {
  mock.script('updateStore', [{ fault: { kind: 'hang' } }]);
  const call = fetch(`${mock.url}/v2/pds/store/updateStore`, {
    method: 'POST',
    body: '{}',
    signal: AbortSignal.timeout(200),
  });
  await expect(call).rejects.toThrow();
});
