// Each operation's result-code table in the reference is written by the bundling plugin
// (spec/plugins/store-api.js, result-code-table), which runs before the bundle exists and so reads the split files
// through Redocly's resolver. This holds its table equal, row for row, to what the one bundle reader
// (documentedResults) reads from the finished bundle: the two readings cannot drift apart.
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { documentedResults, isObject, pointer, readOperations, resolvePointer } from '@store-api/validator/contract';
import { describe, expect, it } from 'vitest';

/** The rows of the table under `### Result codes`, as [code, example selector or '', status, message, advice]. */
function tableRows(description: string): string[][] {
  const table = description.slice(description.indexOf('### Result codes'));
  const cell = (text: string) => text.replaceAll('\\|', '|');
  return [
    ...table.matchAll(
      /^\| `([A-Z_]+)`(?: \(`example=([A-Za-z_]+)`\))? \| `([SFU])` \| ((?:[^|\\]|\\.)*) \| (.*) \|$/gm,
    ),
  ].map(([, code = '', example = '', status = '', message = '', advice = '']) => [
    code,
    example,
    status,
    cell(message),
    cell(advice),
  ]);
}

describe.each(readOperations(bundle).map((op) => [op.operationId, op] as const))('%s', (_id, operation) => {
  it("lists every documented result in its reference table, in the spec's order, with its status, message and advice", () => {
    const found = resolvePointer(bundle, pointer('paths', operation.path, operation.method.toLowerCase()));
    const description = isObject(found) && typeof found.description === 'string' ? found.description : '';
    const expected = documentedResults(operation).map((r) => [
      r.resultCode,
      r.example === r.resultCode ? '' : r.example,
      r.resultStatus,
      r.resultMessage.trim().replace(/\s+/g, ' '),
      r.advice.replace(/\s+/g, ' '),
    ]);
    expect(expected.length).toBeGreaterThan(5);
    expect(tableRows(description)).toEqual(expected);
  });
});
