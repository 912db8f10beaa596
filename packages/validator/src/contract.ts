// Reads the bundled OpenAPI document: its operations, their schemas and their named examples.
// The bundle (spec/dist) is the only input; nothing here knows the split source files.

export type JsonObject = { [key: string]: unknown };

export interface NamedExample {
  /** The example's key in the document, e.g. `createStore` or `PARAM_ILLEGAL`. */
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly value: unknown;
  /**
   * `not-remembered` when the idempotency layer never stores this answer (`x-idempotency` on the example): the
   * documented action is to send the same request again, or the gateway refused it before the API ran.
   */
  readonly idempotency: 'remembered' | 'not-remembered';
}

export interface BodyContract {
  /** JSON pointer (from the document root) to the body's schema. */
  readonly schemaPointer: string;
  readonly examples: readonly NamedExample[];
}

export interface HeaderContract {
  /** As the spec writes it, e.g. `Client-Id`; matched case-insensitively. */
  readonly name: string;
  /** Required as a parameter, or as an `apiKey` header of the operation's security requirement. */
  readonly required: boolean;
  /** JSON pointer to the header's schema, when it has one. */
  readonly schemaPointer: string | undefined;
}

export interface OperationContract {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The request headers the operation declares. */
  readonly headers: readonly HeaderContract[];
  /** The request body field that is the idempotency key (`x-idempotency-key`), if any. */
  readonly idempotencyKey: string | undefined;
  readonly request: BodyContract;
  /** Keyed by HTTP status, e.g. `"200"`. */
  readonly responses: Readonly<Record<string, BodyContract>>;
}

export class ContractDocumentError extends Error {
  override readonly name = 'ContractDocumentError';
}

const JSON_MEDIA_TYPE = 'application/json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(...tokens: readonly string[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** Resolves a local JSON pointer such as `#/components/schemas/Result` (or without the `#`). */
export function resolvePointer(document: unknown, ref: string): unknown {
  let node: unknown = document;
  // The tokens follow the first `/`: what comes before it (`#`, or nothing) names the document itself.
  for (const raw of ref.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else node = undefined;
    if (node === undefined) throw new ContractDocumentError(`the contract has nothing at ${ref}`);
  }
  return node;
}

/** Follows `$ref`s (local ones only: the bundle is self-contained) until a node without one. */
export function deref(document: unknown, node: unknown): unknown {
  return derefNamed(document, node).node;
}

/** As `deref`, and names the last `$ref` it followed (`''` when the node had none). */
export function derefNamed(document: unknown, node: unknown): { node: unknown; ref: string } {
  let current = node;
  let ref = '';
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new ContractDocumentError(`a $ref cycle at ${current.$ref}`);
    ref = current.$ref;
    current = resolvePointer(document, ref);
  }
  return { node: current, ref };
}

function bodyContract(document: unknown, content: unknown, at: string): BodyContract {
  if (!isObject(content)) throw new ContractDocumentError(`${at} has no content`);
  const media = content[JSON_MEDIA_TYPE];
  if (!isObject(media) || media.schema === undefined) {
    throw new ContractDocumentError(`${at} has no ${JSON_MEDIA_TYPE} schema`);
  }
  const mediaPointer = `${at}${pointer('content', JSON_MEDIA_TYPE)}`;
  const schemaPointer =
    isObject(media.schema) && typeof media.schema.$ref === 'string'
      ? media.schema.$ref.slice(1)
      : `${mediaPointer}/schema`;
  const examples = Object.entries(isObject(media.examples) ? media.examples : {}).map(([name, raw]): NamedExample => {
    const example = deref(document, raw);
    if (!isObject(example) || !('value' in example)) {
      throw new ContractDocumentError(`example ${name} at ${mediaPointer} has no value`);
    }
    return {
      name,
      summary: typeof example.summary === 'string' ? example.summary : name,
      description: typeof example.description === 'string' ? example.description : '',
      value: example.value,
      idempotency: example['x-idempotency'] === 'not-remembered' ? 'not-remembered' : 'remembered',
    };
  });
  return { schemaPointer, examples };
}

/** Header parameters of an operation, with the headers its security requirement makes mandatory. */
function headerContracts(document: unknown, operation: JsonObject, at: string): HeaderContract[] {
  const headers = new Map<string, HeaderContract>();
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
  parameters.forEach((raw, index) => {
    const parameter = deref(document, raw);
    if (!isObject(parameter) || parameter.in !== 'header' || typeof parameter.name !== 'string') return;
    const pointerTo =
      isObject(raw) && typeof raw.$ref === 'string'
        ? raw.$ref.slice(1)
        : `${at}${pointer('parameters', String(index))}`;
    headers.set(parameter.name.toLowerCase(), {
      name: parameter.name,
      required: parameter.required === true,
      schemaPointer: parameter.schema === undefined ? undefined : `${pointerTo}/schema`,
    });
  });
  // Operation-level security replaces the document's; the first requirement object is the one the API uses.
  const security = (
    Array.isArray(operation.security)
      ? operation.security
      : isObject(document) && Array.isArray(document.security)
        ? document.security
        : []
  )[0];
  const schemes =
    isObject(document) && isObject(document.components) && isObject(document.components.securitySchemes)
      ? document.components.securitySchemes
      : {};
  for (const name of Object.keys(isObject(security) ? security : {})) {
    const scheme = deref(document, schemes[name]);
    if (!isObject(scheme) || scheme.type !== 'apiKey' || scheme.in !== 'header' || typeof scheme.name !== 'string')
      continue;
    const known = headers.get(scheme.name.toLowerCase());
    headers.set(scheme.name.toLowerCase(), { name: scheme.name, required: true, schemaPointer: known?.schemaPointer });
  }
  return [...headers.values()];
}

/** Lists every operation of the bundled document with its body schemas and named examples. */
export function readOperations(document: unknown): OperationContract[] {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  const operations: OperationContract[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(document, rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = pointer('paths', path, method);
      if (typeof operation.operationId !== 'string') {
        throw new ContractDocumentError(`${method.toUpperCase()} ${path} has no operationId`);
      }
      const requestBody = deref(document, operation.requestBody);
      const requestAt =
        isObject(operation.requestBody) && typeof operation.requestBody.$ref === 'string'
          ? operation.requestBody.$ref.slice(1)
          : `${at}/requestBody`;
      const responses: Record<string, BodyContract> = {};
      for (const [status, rawResponse] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
        const responseAt =
          isObject(rawResponse) && typeof rawResponse.$ref === 'string'
            ? rawResponse.$ref.slice(1)
            : `${at}${pointer('responses', status)}`;
        const response = deref(document, rawResponse);
        responses[status] = bodyContract(document, isObject(response) ? response.content : undefined, responseAt);
      }
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        headers: headerContracts(document, operation, at),
        idempotencyKey: typeof operation['x-idempotency-key'] === 'string' ? operation['x-idempotency-key'] : undefined,
        request: bodyContract(document, isObject(requestBody) ? requestBody.content : undefined, requestAt),
        responses,
      });
    }
  }
  return operations;
}

/** One documented answer of an operation: a named 200 example and the result it carries. */
export interface DocumentedResult {
  /** The example's name, which `Prefer: example=<name>` selects. */
  readonly example: string;
  readonly resultCode: string;
  readonly resultStatus: string;
  readonly resultMessage: string;
  /** What the caller should do (the example's description, trimmed). */
  readonly advice: string;
  readonly idempotency: NamedExample['idempotency'];
}

/**
 * The documented results of an operation, one per named 200 example, in the document's order. A code with several
 * documented causes (ACCESS_FORBIDDEN) appears once per example; readers wanting one row per code keep the first.
 */
export function documentedResults(operation: OperationContract): DocumentedResult[] {
  return (operation.responses['200']?.examples ?? []).map((example) => {
    const result = isObject(example.value) ? example.value.result : undefined;
    if (!isObject(result) || typeof result.resultCode !== 'string' || typeof result.resultStatus !== 'string') {
      throw new ContractDocumentError(
        `${operation.operationId}'s 200 example ${example.name} has no result.resultCode and result.resultStatus`,
      );
    }
    return {
      example: example.name,
      resultCode: result.resultCode,
      resultStatus: result.resultStatus,
      resultMessage: typeof result.resultMessage === 'string' ? result.resultMessage : '',
      advice: example.description.trim(),
      idempotency: example.idempotency,
    };
  });
}

/**
 * The longest `resultMessage` a writer of results (the mock) keeps its own messages within. The vendor publishes no
 * maximum for it (a message "may vary based on different situations": ERRATA E36), so the spec gives none and a
 * response is never refused for one; 256 is what the Alipay+ family's own Result object allows.
 */
export const RESULT_MESSAGE_WRITE_LIMIT = 256;

/** The length limits the client checks before sending and the mock keeps its own messages within. */
export interface ContractLimits {
  /** syncStore's `requestId` (the idempotency key). */
  readonly requestId: number;
  /** A Result's `resultMessage` as a writer keeps it: the spec's `maxLength` if it has one, else RESULT_MESSAGE_WRITE_LIMIT. */
  readonly resultMessage: number;
}

/** Reads the contract's length limits from its schemas (so no package copies them). */
export function readLimits(document: unknown): ContractLimits {
  const maxLength = (schema: string, field: string): number | undefined => {
    const node = deref(document, { $ref: `#/components/schemas/${schema}` });
    const property = isObject(node) && isObject(node.properties) ? deref(document, node.properties[field]) : undefined;
    if (!isObject(property)) throw new ContractDocumentError(`${schema} has no field ${field}`);
    const value = property.maxLength;
    if (value !== undefined && typeof value !== 'number')
      throw new ContractDocumentError(`${schema}.${field} has a maxLength that is not a number`);
    return value;
  };
  const requestId = maxLength('SyncStoreRequest', 'requestId');
  if (requestId === undefined) throw new ContractDocumentError('SyncStoreRequest.requestId has no maxLength');
  return { requestId, resultMessage: maxLength('Result', 'resultMessage') ?? RESULT_MESSAGE_WRITE_LIMIT };
}
