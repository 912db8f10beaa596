import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, expect, test } from '@jest/globals';
import { createStoreClient } from '@store-api/client';
import { MockAdmin } from '@store-api/mock/testing';

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
  await admin.script('syncStore', ['UNKNOWN_EXCEPTION', 'SUCCESS']);
  const outcome = await client.syncStore({
    requestId: 'r-2',
    posAccountId: 'a-1',
    store: { posStoreId: 's-2', name: 'A', status: 'OPEN' },
  });
  expect(outcome.code).toBe('SUCCESS');
  expect(await admin.requests({ match: { requestId: 'r-2' } })).toHaveLength(2);
});

test('merges an update into a seeded store', async () => {
  await admin.seedStore('st-2', {
    storeId: 'st-2',
    name: 'Store B',
    location: { latitude: '1.35', longitude: '103.83' },
  });
  await client.updateStore({ storeId: 'st-2', location: { postCode: '999999' } });
  expect((await admin.store('st-2')).document.location).toEqual({
    latitude: '1.35',
    longitude: '103.83',
    postCode: '999999',
  });
});

test('gets the proxy page of a 503 as an error, not as a Result', async () => {
  await admin.script('updateStore', [{ fault: { kind: 'http', status: 503 } }]);
  const call = client.updateStore({ storeId: 'st-2', name: 'C' }, { retry: false });
  await expect(call).rejects.toMatchObject({ kind: 'http-status', status: 503 });
});
