// A header that travels both ways (Client-Id, Signature) has one format, written once: the request parameter and
// the response header both point at the same named schema, so a change to the format reaches both sides (and the
// breaking-change check judges it once, where a request meets it).
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { deref, isObject, pointer, readOperations, resolvePointer } from '@store-api/validator/contract';
import { describe, expect, it } from 'vitest';

interface Header {
  readonly name: string;
  readonly schema: unknown;
}

const requestHeaders = (operation: Record<string, unknown>): Header[] =>
  (Array.isArray(operation.parameters) ? operation.parameters : [])
    .map((raw) => deref(bundle, raw))
    .filter((p): p is Record<string, unknown> => isObject(p) && p.in === 'header')
    .map((p) => ({ name: String(p.name), schema: p.schema }));

const responseHeaders = (operation: Record<string, unknown>): Header[] => {
  const response = deref(bundle, isObject(operation.responses) ? operation.responses['200'] : undefined);
  const headers = isObject(response) && isObject(response.headers) ? response.headers : {};
  return Object.entries(headers).map(([name, raw]) => {
    const header = deref(bundle, raw);
    return { name, schema: isObject(header) ? header.schema : undefined };
  });
};

const operations = readOperations(bundle).map(
  (op) =>
    [`${op.method} ${op.path}`, resolvePointer(bundle, pointer('paths', op.path, op.method.toLowerCase()))] as const,
);

describe.each(operations)('%s', (_where, found) => {
  const operation = isObject(found) ? found : {};
  const both = requestHeaders(operation).flatMap((request) => {
    const response = responseHeaders(operation).find((h) => h.name.toLowerCase() === request.name.toLowerCase());
    return response === undefined ? [] : [[request.name, request.schema, response.schema] as const];
  });

  it('sends Client-Id and Signature both ways', () => {
    expect(both.map(([name]) => name).sort()).toEqual(['Client-Id', 'Signature']);
  });

  it.each(both)('gives %s one format, a named schema both sides refer to', (_name, request, response) => {
    expect(isObject(request) && typeof request.$ref === 'string').toBe(true);
    expect(request).toEqual(response);
  });
});
