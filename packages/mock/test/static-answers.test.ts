// The static table (src/static-answers.ts) stands in for Prism on the requests it serves: for every operation,
// every documented example and every way of asking for it, its answer equals Prism's own for the same request,
// less the headers the gateway stamps itself. What it does not serve, it leaves to Prism.
import { createValidator } from '@store-api/validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrismEngine, type PrismEngine } from '../src/prism.js';
import { readPreference, StaticAnswers } from '../src/static-answers.js';

const { operations } = createValidator();
const table = new StaticAnswers(operations);
const STAMPED = new Set(['client-id', 'response-time', 'signature', 'content-length']);
let prism: PrismEngine;
beforeAll(async () => {
  prism = await createPrismEngine({ validateRequest: false });
});

describe.each(operations.map((op) => [op.operationId, op] as const))('%s', (operationId, operation) => {
  const names = (operation.responses['200']?.examples ?? []).map((e) => e.name);
  const prefers = [
    undefined,
    '',
    'code=200',
    ...names.flatMap((name) => [
      `example=${name}`,
      `code=200, example=${name}`,
      `example="${name}"`,
      `example=${name};`,
      `Example = ${name}`,
    ]),
  ];

  it.each(prefers.map((prefer) => [JSON.stringify(prefer), prefer] as const))(
    'answers Prefer %s as Prism does',
    async (_shown, prefer) => {
      const ours = table.answer(operationId, prefer);
      const theirs = await prism.answer({
        method: 'POST',
        path: operation.path,
        query: {},
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(prefer ? { prefer } : {}) },
        body: operation.request.examples[0]?.value,
      });
      const kept = Object.fromEntries(
        Object.entries(theirs.headers)
          .map(([name, value]) => [name.toLowerCase(), value] as const)
          .filter(([name]) => !STAMPED.has(name)),
      );
      expect(ours).toBeDefined();
      expect({ status: ours?.status, headers: ours?.headers, body: ours?.body }).toEqual({
        status: theirs.status,
        headers: kept,
        body: theirs.body,
      });
      expect(ours?.text).toBe(JSON.stringify(theirs.body));
    },
  );

  it.each(['dynamic=true', 'code=500', 'example=NO_SUCH_OUTCOME', `example=${names[1]}, dynamic=true`, 'nonsense'])(
    'leaves Prefer %s to Prism',
    (prefer) => {
      expect(table.answer(operationId, prefer)).toBeUndefined();
    },
  );
});

describe('readPreference', () => {
  it('reads example= and code=200, unquoted, in any order, and sends anything else to Prism', () => {
    expect(readPreference(undefined)).toEqual({ example: undefined });
    expect(readPreference('code=200; example="A"')).toEqual({ example: 'A' });
    expect(readPreference('Example = B')).toEqual({ example: 'B' });
    expect(readPreference('code=422')).toBe('prism');
    expect(readPreference('dynamic=false')).toBe('prism');
  });
});
