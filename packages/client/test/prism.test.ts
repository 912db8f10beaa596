// End to end against a real Prism mock process serving the bundled spec: every documented request sample, every
// result code's example (chosen with Prism's Prefer header), and a contract violation caught by the mock.

import { generateRsaKeyPair } from '@store-api/test-support';
import { createValidator, documentedResults, type OperationId } from '@store-api/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreClient, HttpStatusError, type StoreClient } from '../src/index.js';
import { type PrismProcess, startPrism } from './support/prism.js';

const { operations } = createValidator();
const { privateKey } = generateRsaKeyPair();
let prism: PrismProcess;

beforeAll(async () => {
  prism = await startPrism();
}, 40_000);
afterAll(() => prism?.close());

// A client per call, made inside the test: client code run in a hook is code no test covers, to Stryker's per-test
// coverage (a "static" mutant, run against every test of the package).
const clientFor = (): StoreClient =>
  createStoreClient({
    baseUrl: prism.url,
    clientId: 'TEST_5X00000000000000',
    privateKey,
    keyVersion: 1,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });

const callFor = (operationId: OperationId) => (body: unknown, headers?: Record<string, string>) =>
  operationId === 'syncStore'
    ? clientFor().syncStore(body as Parameters<StoreClient['syncStore']>[0], headers ? { headers } : {})
    : clientFor().updateStore(body as Parameters<StoreClient['updateStore']>[0], headers ? { headers } : {});

for (const operation of operations) {
  const operationId = operation.operationId as OperationId;
  const call = callFor(operationId);
  const results = documentedResults(operation);

  describe(`${operationId} against the Prism mock`, () => {
    it.each(operation.request.examples.map((e) => [e.name, e] as const))(
      'accepts the %s sample and answers SUCCESS by default',
      async (_name, example) => {
        expect(await call(example.value)).toMatchObject({ status: 'S', code: 'SUCCESS', attempts: 1 });
      },
    );

    it.each(results.map((r) => [r.example, r] as const))('reaches %s with Prefer: example=…', async (name, result) => {
      const outcome = await call(operation.request.examples[0]?.value, { Prefer: `example=${name}` });
      // A U result is retried (same Prefer, so still U) until the attempts run out.
      expect(outcome).toMatchObject({
        status: result.resultStatus,
        code: result.resultCode,
        known: true,
        attempts: result.resultStatus === 'U' ? 2 : 1,
      });
      // The advice is the code's: its first example's (ACCESS_FORBIDDEN has three documented causes).
      expect(outcome.advice).toBe(results.find((r) => r.resultCode === result.resultCode)?.advice);
    });
  });
}

describe('contract violations', () => {
  it('a body the contract rejects comes back as an HttpStatusError naming the field', async () => {
    const bad = { requestId: 'r1', posAccountId: 'a1', store: { name: 'no posStoreId' } };
    const error = await clientFor()
      .syncStore(bad as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 422, attempts: 1 });
    expect((error as HttpStatusError).body).toMatch(/posStoreId/);
  });
});
