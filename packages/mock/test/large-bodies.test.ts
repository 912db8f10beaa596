// What the large-body path counts and compares without serialising a body again: the stores' bytes as JSON, and
// the replay store's digest of a body past 512 characters. Each must agree with the serialised form it stands for.
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src/gateway.js';
import { StoreState } from '../src/state.js';

const jsonBytes = (document: unknown) => Buffer.byteLength(JSON.stringify(document));

/** `[1, undefined, a function, (a hole), 'x']`. */
function holey(): unknown[] {
  const list: unknown[] = [1, undefined, () => 1];
  list[4] = 'x';
  return list;
}

function nest(levels: number): unknown {
  let value: unknown = { end: 'é' };
  for (let level = 0; level < levels; level += 1) value = { inner: value };
  return value;
}

describe('the stores count each document as JSON.stringify would write it', () => {
  it.each<[string, Record<string, unknown>]>([
    ['plain ASCII', { name: 'Store A', n: 12.5, ok: true, none: null }],
    ['texts JSON escapes', { quote: 'a"b', slash: 'a\\b', lines: 'a\nb\tc', control: '\u0001\u001f' }],
    ['UTF-8 of two, three and four bytes', { name: 'é甲😀' }],
    ['a lone surrogate, written escaped', { name: 'a\ud800b', end: '\udfff' }],
    ['numbers JSON writes otherwise', { big: 1e21, small: 5e-7, negativeZero: -0, nan: Number.NaN, inf: -Infinity }],
    ['fields JSON leaves out', { gone: undefined, fn: () => 1, symbol: Symbol('s'), kept: 'k' }],
    ['arrays with holes and left-out items', { list: holey() }],
    ['a value with toJSON', { at: new Date(0), nested: { toJSON: () => ({ replaced: 'yes' }) } }],
    ['odd keys', { 'a"b': 1, é: 2, '\u0002': 3, '1': 4 }],
    ['nesting deeper than the walk', { deep: nest(80) }],
  ])('%s', (_name, document) => {
    const stores = new StoreState();
    stores.seed('s-1', document);
    expect(stores.bytes).toBe(jsonBytes({ ...document }));
  });

  it('refuses a circular document with the error JSON.stringify gives', () => {
    const document: Record<string, unknown> = { name: 'a' };
    document.self = document;
    expect(() => new StoreState().seed('s-1', document)).toThrow(/circular/);
  });
});

describe('the replay store tells large bodies apart by content, key order and spacing aside', () => {
  const headers = {
    'content-type': 'application/json',
    'client-id': 'TEST_5X00000000000000',
    'request-time': '2023-08-28T22:16:07+08:00',
    signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
  };
  const gateway = createGateway();
  const post = async (body: string) => {
    const response = await (await gateway).handle({ method: 'POST', url: '/v2/pos/syncStore', headers, body });
    const { result } = JSON.parse(response.body) as { result: { resultCode: string } };
    return { code: result.resultCode, warnings: response.headers['x-mock-warnings'] ?? '' };
  };
  const body = (requestId: string, address: string, fields = '') =>
    `{"requestId":"${requestId}","posAccountId":"p-1","store":{"posStoreId":"s-1","fullAddress":"${address}"${fields}}}`;
  const long = 'a'.repeat(600);
  const changed = 'was first used with another body';

  it.each<[string, string, string, boolean]>([
    [
      'the same text, another key order',
      body('r-1', long),
      `{"store":{"fullAddress":"${long}","posStoreId":"s-1"},"posAccountId":"p-1","requestId":"r-1"}`,
      false,
    ],
    ['an escape for the same letter', body('r-2', long), body('r-2', `\\u0061${long.slice(1)}`), false],
    ['one letter changed', body('r-3', long), body('r-3', `${long.slice(1)}b`), true],
    ['two different lone surrogates', body('r-4', `${long}\\ud800`), body('r-4', `${long}\\ud801`), true],
    [
      'a lone surrogate and the character UTF-8 would put for it',
      body('r-5', `${long}\\ud800`),
      body('r-5', `${long}\\ufffd`),
      true,
    ],
    [
      'a text moved into another field',
      body('r-6', long, ',"name":"ab"'),
      body('r-6', long, ',"name":"a","b":""'),
      true,
    ],
    ['a number and the same digits as text', body('r-7', long, ',"x":1'), body('r-7', long, ',"x":"1"'), true],
  ])('%s', async (_name, first, second, warned) => {
    const answered = await post(first);
    expect([answered.code, answered.warnings.includes(changed)]).toEqual(['SUCCESS', false]);
    const again = await post(second);
    expect([again.code, again.warnings.includes(changed)]).toEqual(['SUCCESS', warned]);
  });
});
