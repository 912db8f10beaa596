// node:test: the mock in process (startMock), driven through its methods and through the admin HTTP API.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startMock } from '@store-api/mock';
import { MockAdmin } from '@store-api/mock/testing';
import integration from '../integration.cjs';

const { syncStore, updateStore } = integration;
let mock;
let admin;
before(async () => {
  mock = await startMock();
  admin = new MockAdmin(mock.adminUrl);
});
beforeEach(() => mock.reset());
after(() => mock.close());

test('retries an unknown outcome with the same request until it settles', async () => {
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS']);
  const result = await syncStore(mock.url, {
    requestId: 'r-4',
    posAccountId: 'a-1',
    store: { posStoreId: 's-4', name: 'A', status: 'OPEN' },
  });
  assert.equal(result.resultCode, 'SUCCESS');
  assert.equal((await admin.requests({ match: { requestId: 'r-4' } })).length, 3);
});

test('merges multiLanguageDetails by language', async () => {
  mock.seedStore('st-4', { storeId: 'st-4', multiLanguageDetails: [{ language: 'zh', name: '甲' }] });
  await updateStore(mock.url, { storeId: 'st-4', multiLanguageDetails: [{ language: 'ms', name: 'A' }] });
  assert.deepEqual(mock.store('st-4').document.multiLanguageDetails, [
    { language: 'zh', name: '甲' },
    { language: 'ms', name: 'A' },
  ]);
});

test('surfaces an empty reply', async () => {
  mock.script('updateStore', [{ fault: { kind: 'empty' } }]);
  await assert.rejects(updateStore(mock.url, { storeId: 'st-4', name: 'B' }));
});
