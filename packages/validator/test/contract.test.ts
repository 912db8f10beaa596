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
  resolvePointer,
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

/** A document with one path item, `item`, and the components it refers to. */
const withPath = (path: string, item: unknown, components: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  paths: { [path]: item },
  components,
});
const jsonBody = (schema: unknown, extra: Record<string, unknown> = {}) => ({
  content: { 'application/json': { schema, ...extra } },
});

describe('readOperations', () => {
  it('reads each method of a path item, through $refs, with the pointers to its schemas', () => {
    const document = withPath(
      '/v1/a~b/{id}',
      { $ref: '#/components/pathItems/Item' },
      {
        pathItems: {
          Item: {
            get: { operationId: 'read', requestBody: jsonBody({ type: 'object' }), responses: {} },
            patch: {
              operationId: 'change',
              'x-idempotency-key': 'requestId',
              requestBody: { $ref: '#/components/requestBodies/Change' },
              responses: {
                '200': jsonBody({ $ref: '#/components/schemas/Answer' }),
                '400': { $ref: '#/components/responses/Problem' },
              },
            },
          },
        },
        requestBodies: { Change: jsonBody({ type: 'object' }) },
        responses: { Problem: jsonBody({ type: 'object' }) },
        schemas: { Answer: { type: 'object' } },
      },
    );
    expect(readOperations(document)).toEqual([
      {
        operationId: 'read',
        method: 'GET',
        path: '/v1/a~b/{id}',
        headers: [],
        idempotencyKey: undefined,
        request: {
          schemaPointer: '/paths/~1v1~1a~0b~1{id}/get/requestBody/content/application~1json/schema',
          examples: [],
        },
        responses: {},
      },
      {
        operationId: 'change',
        method: 'PATCH',
        path: '/v1/a~b/{id}',
        headers: [],
        idempotencyKey: 'requestId',
        request: { schemaPointer: '/components/requestBodies/Change/content/application~1json/schema', examples: [] },
        responses: {
          '200': { schemaPointer: '/components/schemas/Answer', examples: [] },
          '400': { schemaPointer: '/components/responses/Problem/content/application~1json/schema', examples: [] },
        },
      },
    ]);
  });

  it("reads an example's summary, description and idempotency, with the name as summary when it has none", () => {
    const [operation] = readOperations(
      withPath('/v1/op', {
        post: {
          operationId: 'op',
          requestBody: jsonBody(
            { type: 'object' },
            {
              examples: {
                Plain: { value: 1 },
                Told: { summary: 's', description: 'd', 'x-idempotency': 'remembered', value: null },
              },
            },
          ),
          responses: {},
        },
      }),
    );
    expect(operation?.request.examples).toEqual([
      { name: 'Plain', summary: 'Plain', description: '', value: 1, idempotency: 'remembered' },
      { name: 'Told', summary: 's', description: 'd', value: null, idempotency: 'remembered' },
    ]);
  });

  it('skips what is not an operation: a path item that is not an object, a method that is not one', () => {
    expect(
      readOperations(withPath('/v1/op', { summary: 'no methods', post: 'not an operation', servers: [] })),
    ).toEqual([]);
    expect(readOperations(withPath('/v1/op', null))).toEqual([]);
    expect(readOperations({ openapi: '3.1.0' })).toEqual([]);
  });

  it('reads an operation that lists no responses as one without any, and with no documented results', () => {
    const [operation] = readOperations(withPath('/v1/op', { post: { operationId: 'op', requestBody: jsonBody({}) } }));
    expect(operation?.responses).toEqual({});
    expect(documentedResults(operation ?? expect.fail('no operation'))).toEqual([]);
  });

  it.each([
    {
      name: 'an operation without an operationId, naming the method and path',
      item: { put: { requestBody: jsonBody({}), responses: {} } },
      error: 'PUT /v1/op has no operationId',
    },
    {
      name: 'a request body without content, naming where it is',
      item: { post: { operationId: 'op', responses: {} } },
      error: '/paths/~1v1~1op/post/requestBody has no content',
    },
    {
      name: 'a request body without a JSON schema, naming where it is',
      item: { post: { operationId: 'op', requestBody: { content: { 'text/plain': { schema: {} } } }, responses: {} } },
      error: '/paths/~1v1~1op/post/requestBody has no application/json schema',
    },
    {
      name: 'a request body whose JSON media type has no schema, naming where it is',
      item: {
        post: { operationId: 'op', requestBody: { content: { 'application/json': { examples: {} } } }, responses: {} },
      },
      error: '/paths/~1v1~1op/post/requestBody has no application/json schema',
    },
    {
      name: 'a response that is not an object, naming the status',
      item: { post: { operationId: 'op', requestBody: jsonBody({}), responses: { '200': null } } },
      error: '/paths/~1v1~1op/post/responses/200 has no content',
    },
    {
      name: 'an example that is not an object, naming the example',
      item: { post: { operationId: 'op', requestBody: jsonBody({}, { examples: { Bare: 'x' } }), responses: {} } },
      error: 'example Bare at /paths/~1v1~1op/post/requestBody/content/application~1json has no value',
    },
    {
      name: 'a response without content, naming the status',
      item: { post: { operationId: 'op', requestBody: jsonBody({}), responses: { '200': { description: 'ok' } } } },
      error: '/paths/~1v1~1op/post/responses/200 has no content',
    },
    {
      name: 'an example without a value, naming the example and where it is',
      item: {
        post: {
          operationId: 'op',
          requestBody: jsonBody({}, { examples: { Empty: { summary: 'none' } } }),
          responses: {},
        },
      },
      error: 'example Empty at /paths/~1v1~1op/post/requestBody/content/application~1json has no value',
    },
  ])('refuses $name', ({ item, error }) => {
    expect(() => readOperations(withPath('/v1/op', item))).toThrow(new ContractDocumentError(error));
  });
});

describe('resolvePointer', () => {
  const document = { a: [{ 'b/c': { '~d': 1 } }], n: null };
  it.each([
    { given: '#', want: document },
    { given: '', want: document },
    { given: '#/a/0', want: { 'b/c': { '~d': 1 } } },
    { given: '/a/0/b~1c/~0d', want: 1 },
  ])('resolves $given', ({ given, want }) => {
    expect(resolvePointer(document, given)).toEqual(want);
  });

  it.each(['#/a/1', '#/a/0/b~1c/~0d/e', '#/x', '#/n/x'])('refuses %s, which points at nothing, naming it', (given) => {
    expect(() => resolvePointer(document, given)).toThrow(
      new ContractDocumentError(`the contract has nothing at ${given}`),
    );
    expect(() => resolvePointer(document, given)).toThrow(expect.objectContaining({ name: 'ContractDocumentError' }));
  });
});

describe('deref', () => {
  const chain = (length: number) =>
    Object.fromEntries(
      Array.from({ length: length + 1 }, (_, i) => [`r${i}`, i === length ? { end: true } : { $ref: `#/r${i + 1}` }]),
    );

  it('follows a chain of 33 $refs', () => {
    expect(derefNamed(chain(33), { $ref: '#/r1' })).toEqual({ node: { end: true }, ref: '#/r33' });
  });

  it('refuses a chain of 34, as a cycle', () => {
    expect(() => derefNamed(chain(34), { $ref: '#/r0' })).toThrow('a $ref cycle at');
  });
});

describe('readLimits on a broken document', () => {
  it('names a limit that is not a number', () => {
    const document = answer({});
    (document.components.schemas.Id as { maxLength?: unknown }).maxLength = '64';
    expect(() => readLimits(document)).toThrow(
      new ContractDocumentError('SyncStoreRequest.requestId has a maxLength that is not a number'),
    );
  });

  it('names a schema without properties, and the field it lacks', () => {
    const document = answer({});
    delete (document.components.schemas.Result as { properties?: unknown }).properties;
    expect(() => readLimits(document)).toThrow(new ContractDocumentError('Result has no field resultMessage'));
  });

  it('names a schema without the field', () => {
    const document = answer({});
    delete (document.components.schemas.Result.properties as { resultMessage?: unknown }).resultMessage;
    expect(() => readLimits(document)).toThrow(new ContractDocumentError('Result has no field resultMessage'));
  });
});

describe('documentedResults on examples without a message', () => {
  it('gives an empty message when the result has none that is a string', () => {
    const [operation] = readOperations(
      answer({ OK: { value: { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 1 } } } }),
    );
    expect(documentedResults(operation ?? expect.fail('no operation'))[0]?.resultMessage).toBe('');
  });

  it('refuses an example whose value is null, naming it', () => {
    const [operation] = readOperations(answer({ NONE: { value: null } }));
    expect(() => documentedResults(operation ?? expect.fail('no operation'))).toThrow(
      "op's 200 example NONE has no result.resultCode and result.resultStatus",
    );
  });

  it('refuses a result whose code is missing', () => {
    const [operation] = readOperations(answer({ HALF: { value: { result: { resultStatus: 'S' } } } }));
    expect(() => documentedResults(operation ?? expect.fail('no operation'))).toThrow(
      "op's 200 example HALF has no result.resultCode and result.resultStatus",
    );
  });

  it('refuses a result whose status is missing', () => {
    const [operation] = readOperations(answer({ HALF: { value: { result: { resultCode: 'SUCCESS' } } } }));
    expect(() => documentedResults(operation ?? expect.fail('no operation'))).toThrow(
      "op's 200 example HALF has no result.resultCode and result.resultStatus",
    );
  });
});
