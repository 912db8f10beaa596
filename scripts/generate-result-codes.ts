// Writes packages/client/src/generated/result-codes.ts from the bundle: for each operation, each documented
// result code's advice, as its named example gives it; and each environment's server for each operation, from the
// `servers` the spec gives. The client ships these tables, not the spec.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deref, documentedResults, isObject, readLimits, readOperations } from '@store-api/validator/contract';

const root = new URL('../', import.meta.url);
const bundle: unknown = JSON.parse(readFileSync(new URL('spec/dist/openapi.json', root), 'utf8'));
const document = isObject(bundle) ? bundle : {};

const table: Record<string, Record<string, string>> = {};
for (const operation of readOperations(bundle)) {
  const codes: Record<string, string> = {};
  // A code with several documented causes (ACCESS_FORBIDDEN) keeps its first example's advice.
  for (const result of documentedResults(operation)) codes[result.resultCode] ??= result.advice;
  table[operation.operationId] = codes;
}

// The limits the client checks before sending, read from the schemas (never copied by hand).
const limits = readLimits(bundle);

/** An environment's name, as the spec gives it on each server (`x-environment`: production-sea, sandbox, local, …). */
function environmentOf(server: { url: string; environment: unknown }): string {
  if (typeof server.environment !== 'string' || !/^[a-z]+(-[a-z]+)*$/.test(server.environment))
    throw new Error(`generate-result-codes: server ${server.url} has no x-environment name (e.g. production-sea)`);
  return server.environment;
}

/** An operation's servers, as OpenAPI resolves them: the operation's, else its path's, else the document's. */
function serversOf(path: string, method: string): { url: string; environment: unknown }[] {
  const item = deref(bundle, isObject(document.paths) ? document.paths[path] : undefined);
  const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
  const list = [operation, item, document]
    .map((node) => (isObject(node) ? node.servers : undefined))
    .find(Array.isArray);
  return (list ?? []).filter(isObject).map((server) => {
    // A templated URL at its variables' defaults (the only values the spec gives).
    const variables = isObject(server.variables) ? server.variables : {};
    const url = String(server.url).replace(/\{(\w+)\}/g, (_, name: string) => {
      const variable = variables[name];
      if (!isObject(variable) || typeof variable.default !== 'string')
        throw new Error(`generate-result-codes: server ${String(server.url)} has no default for {${name}}`);
      return variable.default;
    });
    return { url, environment: server['x-environment'] };
  });
}

const environments: Record<string, Record<string, string>> = {};
for (const operation of readOperations(bundle)) {
  for (const server of serversOf(operation.path, operation.method)) {
    const name = environmentOf(server);
    environments[name] ??= {};
    const servers = environments[name];
    if (servers[operation.path] !== undefined && servers[operation.path] !== server.url)
      throw new Error(
        `generate-result-codes: ${operation.operationId} has two ${name} servers (${servers[operation.path]}, ${server.url})`,
      );
    servers[operation.path] = server.url;
  }
}

const out = new URL('packages/client/src/generated/result-codes.ts', root);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(
  out,
  `// Generated from spec/dist/openapi.json by scripts/generate-result-codes.ts: edit the spec, never this file.
// For each operation, each documented result code: what the caller should do (its status comes with the answer).
export const RESULT_CODES = ${JSON.stringify(table, null, 2)} as const;

// The contract's length limits: syncStore's requestId, and a Result's resultMessage.
export const LIMITS = ${JSON.stringify(limits, null, 2)} as const;

// Each environment's server for each operation's path, from the spec's \`servers\`.
export const ENVIRONMENTS = ${JSON.stringify(environments, null, 2)} as const;
`,
);
const count = Object.values(table).reduce((n, codes) => n + Object.keys(codes).length, 0);
console.log(
  `generate-result-codes: ${count} codes for ${Object.keys(table).join(', ')}; environments ${Object.keys(environments).join(', ')}`,
);
