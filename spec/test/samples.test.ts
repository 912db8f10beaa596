// Every named example in the bundle is valid against its operation's schema: request examples against the
// strict request body, response examples against the open response body.

import { createValidator, documentedResults, type OperationId } from '@store-api/validator';
import { describe, expect, it } from 'vitest';
import exampleWarnings from './fixtures/example-warnings.json' with { type: 'json' };

const validator = createValidator();
/** The examples that show a form the pages do not (the delete-by-empty-value rule, the dine-in sample's 31). */
const warningsOf = (operationId: string, name: string): unknown[] =>
  (exampleWarnings as Record<string, Record<string, unknown[]>>)[operationId]?.[name] ?? [];

describe('named examples in the bundle', () => {
  it('covers both operations, with request and response examples', () => {
    expect(validator.operations.map((op) => op.operationId).sort()).toEqual(['syncStore', 'updateStore']);
    for (const op of validator.operations) {
      expect(op.request.examples.length).toBeGreaterThan(0);
      expect(op.responses['200']?.examples.length).toBeGreaterThan(0);
    }
  });

  for (const op of validator.operations) {
    const operationId = op.operationId as OperationId;
    it.each(op.request.examples.map((e) => [e.name, e] as const))(
      `${operationId} request example %s is a valid request, warned about only where it shows what the pages do not`,
      (name, example) => {
        expect(validator.validateRequest(operationId, example.value)).toEqual({
          valid: true,
          warnings: warningsOf(operationId, name),
        });
      },
    );
    for (const [status, response] of Object.entries(op.responses)) {
      it.each(response.examples.map((e) => [e.name, e] as const))(
        `${operationId} ${status} example %s is a valid response, named by its result code`,
        (name, example) => {
          expect(validator.validateResponse(operationId, example.value, status)).toEqual({ valid: true, warnings: [] });
          // Named by its code, or by its code and a documented cause (ACCESS_FORBIDDEN_CONTRACT_EXPIRED).
          const code = (example.value as { result: { resultCode: string } }).result.resultCode;
          expect(name === code || name.startsWith(`${code}_`)).toBe(true);
          // Each result-code example tells the caller what to do.
          expect(example.description.length).toBeGreaterThan(20);
        },
      );
    }
  }
});

describe('result codes', () => {
  const codes = (operationId: string) =>
    Object.fromEntries(
      validator.operations
        .filter((op) => op.operationId === operationId)
        .flatMap(documentedResults)
        .map((r) => [r.resultCode, r.resultStatus]),
    );

  it("lists syncStore's documented codes with their statuses", () => {
    expect(codes('syncStore')).toEqual({
      SUCCESS: 'S',
      PROCESS_FAIL: 'F',
      PARAM_ILLEGAL: 'F',
      INVALID_API: 'F',
      INVALID_SIGNATURE: 'F',
      ACCESS_DENIED: 'F',
      REQUEST_TRAFFIC_EXCEED_LIMIT: 'F',
      UNKNOWN_EXCEPTION: 'U',
    });
  });

  it("lists updateStore's common codes with their statuses (the ISV page's, plus the gateway's and its siblings' U)", () => {
    expect(codes('updateStore')).toEqual({
      SUCCESS: 'S',
      PARAM_ILLEGAL: 'F',
      BIZ_ERROR_NEED_RETRY: 'U',
      BIZ_ERROR_NO_RETRY: 'F',
      SYSTEM_ERROR: 'U',
      ACCESS_FORBIDDEN: 'F',
      INVALID_SIGNATURE: 'F',
      UNKNOWN_EXCEPTION: 'U',
    });
  });
});

describe('response bodies are open, request bodies strict', () => {
  it('accepts a response with fields added later', () => {
    const body = { result: { resultStatus: 'S', resultCode: 'SUCCESS', traceId: 'abc' }, storeId: 'later' };
    expect(validator.validateResponse('syncStore', body)).toEqual({ valid: true, warnings: [] });
  });

  it('rejects a response without result', () => {
    expect(validator.validateResponse('updateStore', {})).toEqual({
      valid: false,
      violations: [{ field: 'result', rule: 'required', message: 'result: is required' }],
      warnings: [],
    });
  });

  it('rejects a result with an unknown resultStatus', () => {
    const body = { result: { resultStatus: 'X', resultCode: 'SUCCESS' } };
    expect(validator.validateResponse('syncStore', body)).toEqual({
      valid: false,
      violations: [
        {
          field: 'result.resultStatus',
          rule: 'enum',
          message: 'result.resultStatus: must be one of "S", "F", "U" (got "X")',
        },
      ],
      warnings: [],
    });
  });

  it('accepts a result code it does not know, since clients fall back on resultStatus', () => {
    const body = { result: { resultStatus: 'F', resultCode: 'SOME_NEW_CODE', resultMessage: 'new' } };
    expect(validator.validateResponse('updateStore', body)).toEqual({ valid: true, warnings: [] });
  });
});

describe('request headers', () => {
  const good = {
    'Client-Id': 'TEST_5X00000000000000',
    'request-time': '2019-04-04T12:08:56.253+05:30',
    SIGNATURE: 'Algorithm=RSA256, KeyVersion=2, Signature=abc%2Bdef%3D',
  };

  it('accepts the documented formats, names matched case-insensitively', () => {
    expect(validator.validateHeaders('syncStore', good)).toEqual({ valid: true, warnings: [] });
    expect(validator.validateHeaders('updateStore', { ...good, 'Agent-Token': 'agent-1' })).toEqual({
      valid: true,
      warnings: [],
    });
  });

  it('requires the three headers the security requirement names', () => {
    expect(validator.validateHeaders('syncStore', {})).toEqual({
      valid: false,
      violations: ['Client-Id', 'Request-Time', 'Signature'].map((name) => ({
        field: `header ${name}`,
        rule: 'required',
        message: `header ${name}: is required`,
      })),
      warnings: [],
    });
  });

  it('reads names in lower case as Node gives them: an empty one is absent, a wrong one named', () => {
    const lower = Object.fromEntries(Object.entries(good).map(([name, value]) => [name.toLowerCase(), value]));
    expect(validator.validateHeaders('updateStore', { ...lower, 'agent-token': '' })).toEqual({
      valid: true,
      warnings: [],
    });
    const result = validator.validateHeaders('syncStore', { ...lower, 'client-id': '' });
    expect(result.valid ? [] : result.violations.map((v) => [v.field, v.rule])).toEqual([
      ['header Client-Id', 'required'],
    ]);
    const badSignature = validator.validateHeaders('syncStore', { ...lower, signature: 'RSA256 abc' });
    expect(badSignature.valid ? [] : badSignature.violations.map((v) => [v.field, v.rule])).toEqual([
      ['header Signature', 'pattern'],
    ]);
  });

  it('names a header whose format is wrong', () => {
    const result = validator.validateHeaders('syncStore', { ...good, 'Request-Time': '2023-08-28 22:16:07' });
    expect(result.valid ? [] : result.violations.map((v) => [v.field, v.rule])).toEqual([
      ['header Request-Time', 'pattern'],
    ]);
  });

  it('knows syncStore’s idempotency key from the spec', () => {
    expect(validator.operations.map((op) => [op.operationId, op.idempotencyKey])).toEqual([
      ['syncStore', 'requestId'],
      ['updateStore', undefined],
    ]);
  });
});
