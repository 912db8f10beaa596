// Writes packages/client/src/generated/result-codes.ts from the bundle: for each operation, each documented
// result code's advice, as its named example gives it. The client ships this table, not the spec.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { documentedResults, readLimits, readOperations } from '@store-api/validator/contract';

const root = new URL('../', import.meta.url);
const bundle: unknown = JSON.parse(readFileSync(new URL('spec/dist/openapi.json', root), 'utf8'));

const table: Record<string, Record<string, string>> = {};
for (const operation of readOperations(bundle)) {
  const codes: Record<string, string> = {};
  // A code with several documented causes (ACCESS_FORBIDDEN) keeps its first example's advice.
  for (const result of documentedResults(operation)) codes[result.resultCode] ??= result.advice;
  table[operation.operationId] = codes;
}

// The limits the client checks before sending, read from the schemas (never copied by hand).
const limits = readLimits(bundle);

const out = new URL('packages/client/src/generated/result-codes.ts', root);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(
  out,
  `// Generated from spec/dist/openapi.json by scripts/generate-result-codes.ts: edit the spec, never this file.
// For each operation, each documented result code: what the caller should do (its status comes with the answer).
export const RESULT_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(table, null, 2)};

// The contract's length limits: syncStore's requestId, and a Result's resultMessage.
export const LIMITS = ${JSON.stringify(limits, null, 2)} as const;
`,
);
const count = Object.values(table).reduce((n, codes) => n + Object.keys(codes).length, 0);
console.log(`generate-result-codes: ${count} codes for ${Object.keys(table).join(', ')}`);
