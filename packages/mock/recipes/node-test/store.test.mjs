// node:test: the mock in process (startMock), driven through its methods and through the admin HTTP API.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { createStoreClient } from '@store-api/client';
import { startMock } from '@store-api/mock';
import { MockAdmin } from '@store-api/mock/testing';

// Your own key pair: the mock checks only that a signature is there (started with --client ID=public.pem, it verifies it).
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
let mock;
let admin;
let client;
before(async () => {
  mock = await startMock();
  admin = new MockAdmin(mock.adminUrl);
  client = createStoreClient({ baseUrl: mock.url, clientId: 'TEST_5X00000000000000', privateKey });
});
beforeEach(() => mock.reset());
after(() => mock.close());

test('retries an unknown outcome with the same request until it settles', async () => {
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS']);
  const outcome = await client.syncStore({
    requestId: 'r-4',
    posAccountId: 'a-1',
    store: { posStoreId: 's-4', name: 'A', status: 'OPEN' },
  });
  assert.equal(outcome.code, 'SUCCESS');
  assert.equal((await admin.requests({ match: { requestId: 'r-4' } })).length, 3);
});

test('merges multiLanguageDetails by language', async () => {
  mock.seedStore('st-4', { storeId: 'st-4', multiLanguageDetails: [{ language: 'zh', name: '甲' }] });
  await client.updateStore({ storeId: 'st-4', multiLanguageDetails: [{ language: 'ms', name: 'A' }] });
  assert.deepEqual(mock.store('st-4').document.multiLanguageDetails, [
    { language: 'zh', name: '甲' },
    { language: 'ms', name: 'A' },
  ]);
});

test('surfaces an empty reply', async () => {
  mock.script('updateStore', [{ fault: { kind: 'empty' } }]);
  await assert.rejects(client.updateStore({ storeId: 'st-4', name: 'B' }, { retry: false }), { kind: 'network' });
});
