// The request headers a partner must send (Client-Id, Request-Time, Signature) and the one they may (Agent-Token):
// presence, format and name matching, on the real bundle for both operations (fixtures/headers.json), then how the
// contract's parameters and security requirement make a header declared or required, on minimal documents.
import { describe, expect, it } from 'vitest';
import { readOperations } from '../src/contract.js';
import { createValidator } from '../src/index.js';
import table from './fixtures/headers.json' with { type: 'json' };

const validator = createValidator();

describe.each(['syncStore', 'updateStore'] as const)('%s headers', (operationId) => {
  it.each(table)('$name', ({ given, want }) => {
    expect(validator.validateHeaders(operationId, given)).toEqual(
      want.length === 0 ? { valid: true, warnings: [] } : { valid: false, violations: want, warnings: [] },
    );
  });
});

describe('header checks', () => {
  it('reads only the headers object’s own names, not inherited ones', () => {
    const inherited = Object.create({ 'client-id': 'TEST_5X' }) as Record<string, string>;
    inherited['request-time'] = '1795503698224';
    inherited.signature = 'algorithm=RSA256,signature=abc';
    expect(validator.validateHeaders('syncStore', inherited)).toEqual({
      valid: false,
      violations: [{ field: 'header Client-Id', rule: 'required', message: 'header Client-Id: is required' }],
      warnings: [],
    });
  });

  it('gives the same answer to the same headers checked twice', () => {
    const first = validator.validateHeaders('syncStore', { 'Client-Id': 'TEST 5X' });
    expect(validator.validateHeaders('syncStore', { 'Client-Id': 'TEST 5X' })).toEqual(first);
    expect(first.valid).toBe(false);
  });
});

const operation = (post: Record<string, unknown>, root: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  ...root,
  paths: {
    '/v1/op': {
      post: {
        operationId: 'op',
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {},
        ...post,
      },
    },
  },
  components: {
    parameters: { Trace: { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string', maxLength: 4 } } },
    securitySchemes: {
      Key: { type: 'apiKey', in: 'header', name: 'X-Key' },
      Query: { type: 'apiKey', in: 'query', name: 'key' },
      Basic: { type: 'http', scheme: 'basic' },
      Nameless: { type: 'apiKey', in: 'header' },
      Ref: { $ref: '#/components/securitySchemes/Key' },
    },
  },
});

describe('which headers an operation declares', () => {
  it.each([
    {
      name: 'a header parameter, required or not, with its schema, inline or through a $ref',
      given: operation({
        parameters: [
          { name: 'X-Opt', in: 'header', schema: { type: 'string' } },
          { $ref: '#/components/parameters/Trace' },
          { name: 'X-Bare', in: 'header', required: true },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { in: 'header', schema: { type: 'string' } },
        ],
      }),
      want: [
        { name: 'X-Opt', required: false, schemaPointer: '/paths/~1v1~1op/post/parameters/0/schema' },
        { name: 'X-Trace', required: true, schemaPointer: '/components/parameters/Trace/schema' },
        { name: 'X-Bare', required: true, schemaPointer: undefined },
      ],
    },
    {
      name: "a header the document's security requirement makes required",
      given: operation({}, { security: [{ Key: [] }, { Other: [] }] }),
      want: [{ name: 'X-Key', required: true, schemaPointer: undefined }],
    },
    {
      name: "a required security header keeping its parameter's schema, matched without case",
      given: operation(
        { parameters: [{ name: 'x-key', in: 'header', schema: { type: 'string' } }] },
        { security: [{ Key: [] }] },
      ),
      want: [{ name: 'X-Key', required: true, schemaPointer: '/paths/~1v1~1op/post/parameters/0/schema' }],
    },
    {
      name: "the operation's own security requirement in place of the document's",
      given: operation({ security: [{ Ref: [] }] }, { security: [{ Basic: [] }] }),
      want: [{ name: 'X-Key', required: true, schemaPointer: undefined }],
    },
    {
      name: 'no header for an operation whose security requirement is empty',
      given: operation({ security: [] }, { security: [{ Key: [] }] }),
      want: [],
    },
    {
      name: 'no header for a key sent in the query, for HTTP authentication, for a key without a name, or for an unknown scheme',
      given: operation({ security: [{ Query: [], Basic: [], Nameless: [], Missing: [] }] }),
      want: [],
    },
    {
      name: 'no header for a security requirement in a document without security schemes',
      given: { ...operation({ security: [{ Key: [] }] }), components: {} },
      want: [],
    },
  ])('$name', ({ given, want }) => {
    expect(readOperations(given)[0]?.headers).toEqual(want);
  });

  it('checks a declared header against its schema, and a required one without a schema only for presence', () => {
    const checks = createValidator(
      operation(
        { parameters: [{ $ref: '#/components/parameters/Trace' }, { name: 'X-Bare', in: 'header', required: true }] },
        { security: [{ Key: [] }] },
      ),
    );
    expect(checks.validateHeaders('op' as never, { 'x-trace': 'abcde', 'x-bare': 'anything', 'x-key': 'k' })).toEqual({
      valid: false,
      violations: [
        { field: 'header X-Trace', rule: 'maxLength', message: 'header X-Trace: must be at most 4 characters (got 5)' },
      ],
      warnings: [],
    });
    expect(checks.validateHeaders('op' as never, { 'x-trace': 'abcd' })).toEqual({
      valid: false,
      violations: [
        { field: 'header X-Bare', rule: 'required', message: 'header X-Bare: is required' },
        { field: 'header X-Key', rule: 'required', message: 'header X-Key: is required' },
      ],
      warnings: [],
    });
  });
});
