// Writes packages/client/src/generated/result-codes.ts from the bundle: for each operation, each documented
// result code's status and the advice its named example gives. The client ships this table, not the spec.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

type Node = Record<string, unknown>;
const root = new URL('../', import.meta.url);
const bundle = JSON.parse(readFileSync(new URL('spec/dist/openapi.json', root), 'utf8')) as Node;
const deref = (node: unknown): Node => {
  let current = node as Node;
  while (typeof current?.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Node>((n, key) => n[key.replaceAll('~1', '/').replaceAll('~0', '~')] as Node, bundle);
  }
  return current;
};

const table: Record<string, Record<string, [string, string]>> = {};
for (const item of Object.values(bundle.paths as Node)) {
  for (const operation of Object.values(deref(item)) as Node[]) {
    if (typeof operation?.operationId !== 'string') continue;
    const ok = deref((operation.responses as Node)['200']);
    const examples = ((ok.content as Node)['application/json'] as Node).examples as Node;
    const codes: Record<string, [string, string]> = {};
    for (const raw of Object.values(examples)) {
      const example = deref(raw);
      const { result } = example.value as { result: { resultCode: string; resultStatus: string } };
      // A code with several documented causes (ACCESS_FORBIDDEN) keeps its first example's advice.
      codes[result.resultCode] ??= [result.resultStatus, String(example.description).trim()];
    }
    table[operation.operationId] = codes;
  }
}

// The limits the client checks before sending, read from the schemas (never copied by hand).
const schemas = (bundle.components as Node).schemas as Node;
const maxLength = (schema: string, field: string): number => {
  const value = ((deref(schemas[schema]).properties as Node)[field] as Node).maxLength;
  if (typeof value !== 'number') throw new Error(`generate-result-codes: ${schema}.${field} has no maxLength`);
  return value;
};
const limits = {
  requestId: maxLength('SyncStoreRequest', 'requestId'),
  resultMessage: maxLength('Result', 'resultMessage'),
};

const out = new URL('packages/client/src/generated/result-codes.ts', root);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(
  out,
  `// Generated from spec/dist/openapi.json by scripts/generate-result-codes.ts: edit the spec, never this file.
// For each operation, each documented result code: [resultStatus, what the caller should do].
export const RESULT_CODES: Readonly<Record<string, Readonly<Record<string, readonly [string, string]>>>> = ${JSON.stringify(table, null, 2)};

// The contract's length limits: syncStore's requestId, and a Result's resultMessage.
export const LIMITS = ${JSON.stringify(limits, null, 2)} as const;
`,
);
const count = Object.values(table).reduce((n, codes) => n + Object.keys(codes).length, 0);
console.log(`generate-result-codes: ${count} codes for ${Object.keys(table).join(', ')}`);
