// The bundle reader every package uses (the result-code generator, the mock, the breaking-change check, the
// tests): each reader function on a minimal document made for it, then on the real bundle.
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import {
  ContractDocumentError,
  derefNamed,
  documentedResults,
  RESULT_MESSAGE_WRITE_LIMIT,
  readLimits,
  readOperations,
} from '../src/contract.js';

const answer = (examples: Record<string, unknown>) => ({
  openapi: '3.1.0',
  paths: {
    '/v1/op': {
      post: {
        operationId: 'op',
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { $ref: '#/components/responses/Answer' } },
      },
    },
  },
  components: {
    responses: { Answer: { content: { 'application/json': { schema: { type: 'object' }, examples } } } },
    examples: {
      Busy: {
        summary: 'busy',
        description: '  Retry later with the same requestId.\n',
        'x-idempotency': 'not-remembered',
        value: { result: { resultCode: 'BUSY', resultStatus: 'U', resultMessage: 'busy' } },
      },
    },
    schemas: {
      SyncStoreRequest: { properties: { requestId: { $ref: '#/components/schemas/Id' } } },
      Id: { type: 'string', maxLength: 64 },
      Result: { properties: { resultMessage: { type: 'string', maxLength: 100 } } },
    },
  },
});

describe('documentedResults', () => {
  it('reads each 200 example, through $refs, in order: code, status, message, advice and idempotency', () => {
    const [operation] = readOperations(
      answer({
        OK: { summary: 'ok', value: { result: { resultCode: 'SUCCESS', resultStatus: 'S' } } },
        BUSY: { $ref: '#/components/examples/Busy' },
      }),
    );
    expect(documentedResults(operation ?? expect.fail('no operation'))).toEqual([
      {
        example: 'OK',
        resultCode: 'SUCCESS',
        resultStatus: 'S',
        resultMessage: '',
        advice: '',
        idempotency: 'remembered',
      },
      {
        example: 'BUSY',
        resultCode: 'BUSY',
        resultStatus: 'U',
        resultMessage: 'busy',
        advice: 'Retry later with the same requestId.',
        idempotency: 'not-remembered',
      },
    ]);
  });

  it('refuses an example without a result, naming the operation and the example', () => {
    const [operation] = readOperations(answer({ BROKEN: { summary: 'broken', value: { code: 'SUCCESS' } } }));
    expect(() => documentedResults(operation ?? expect.fail('no operation'))).toThrow(
      new ContractDocumentError("op's 200 example BROKEN has no result.resultCode and result.resultStatus"),
    );
  });

  it("lists the real bundle's codes for both operations, each with a status of S, F or U", () => {
    for (const operation of readOperations(bundle)) {
      const results = documentedResults(operation);
      expect(results.map((r) => r.resultCode)).toContain('SUCCESS');
      for (const result of results) expect(['S', 'F', 'U']).toContain(result.resultStatus);
    }
  });
});

describe('readLimits', () => {
  it('reads the limits from the schemas, through $refs', () => {
    expect(readLimits(answer({}))).toEqual({ requestId: 64, resultMessage: 100 });
  });

  it('names the request field whose limit is missing', () => {
    const document = answer({});
    delete (document.components.schemas.Id as { maxLength?: number }).maxLength;
    expect(() => readLimits(document)).toThrow('SyncStoreRequest.requestId has no maxLength');
  });

  it('gives resultMessage the write limit when the spec publishes no maximum for it', () => {
    const document = answer({});
    delete (document.components.schemas.Result.properties.resultMessage as { maxLength?: number }).maxLength;
    expect(readLimits(document)).toEqual({ requestId: 64, resultMessage: RESULT_MESSAGE_WRITE_LIMIT });
  });

  it("gives the real bundle's limits: no published maximum for resultMessage (ERRATA E36), so the write limit", () => {
    expect(bundle.components.schemas.Result.properties.resultMessage).not.toHaveProperty('maxLength');
    expect(readLimits(bundle)).toEqual({ requestId: 255, resultMessage: 256 });
  });
});

describe('derefNamed', () => {
  it('names the last $ref followed, and none for an inline node', () => {
    const document = answer({});
    expect(derefNamed(document, { $ref: '#/components/schemas/SyncStoreRequest' }).ref).toBe(
      '#/components/schemas/SyncStoreRequest',
    );
    expect(derefNamed(document, document.components.schemas.Id)).toEqual({
      node: { type: 'string', maxLength: 64 },
      ref: '',
    });
  });

  it('refuses a dangling $ref and a cycle, naming the pointer', () => {
    const document = { a: { $ref: '#/b' }, b: { $ref: '#/a' } };
    expect(() => derefNamed(document, { $ref: '#/missing' })).toThrow('the contract has nothing at #/missing');
    expect(() => derefNamed(document, { $ref: '#/a' })).toThrow(/a \$ref cycle at #\/[ab]/);
  });
});
