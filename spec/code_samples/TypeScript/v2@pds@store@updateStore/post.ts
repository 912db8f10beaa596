// Sends a partial update (a new name; `timeZone: ""` deletes the time zone); the examples above show other bodies.
import { readFileSync } from 'node:fs';
import { createStoreClient } from '@store-api/client';
import { pickupRule } from '@store-api/client/rules';

const client = createStoreClient({
  baseUrl: process.env.BASE_URL ?? 'http://127.0.0.1:4010',
  clientId: 'TEST_5X00000000000000',
  privateKey: readFileSync(process.env.PRIVATE_KEY ?? 'keys/private.pem', 'utf8'), // from `npx store-api keygen --out keys`
  keyVersion: 1,
});

// Partial update: name and the pickup rule change, timeZone is deleted, every other field stays.
const outcome = await client.updateStore({
  storeId: '000000032',
  name: 'MOM FOOD',
  timeZone: '',
  businessRules: [pickupRule([{ minimumOrderAmount: { currency: 'SGD', amountValue: 1800 } }])],
});
if (outcome.status === 'S') console.log('updated');
else {
  console.error(`${outcome.status} ${outcome.code}: ${outcome.advice}`);
  process.exitCode = 1;
}
