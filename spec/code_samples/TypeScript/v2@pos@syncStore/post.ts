// Sends a new store, OPEN (a short form of the createStore example); the examples above show other bodies.
import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient } from '@store-api/client';

const client = createStoreClient({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:4010',
  clientId: 'TEST_5X00000000000000',
  privateKey: readFileSync(process.env.PRIVATE_KEY ?? 'keys/private.pem', 'utf8'), // from `npx store-api keygen --out keys`
  keyVersion: 1,
});

const outcome = await client.syncStore({
  requestId: createRequestId(), // keep it to retry this same change
  posAccountId: 'pos_account_id_001',
  store: { posStoreId: 'pos_store_id_001', name: 'Store A', status: 'OPEN' },
});
if (outcome.status === 'S') console.log('synchronised');
else {
  console.error(`${outcome.status} ${outcome.code}: ${outcome.advice}`);
  process.exitCode = 1;
}
