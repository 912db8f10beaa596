// What the real gateway does that Prism alone does not, as a layer in front of Prism: every API outcome is HTTP
// 200 with a Result; bad parameters get PARAM_ILLEGAL naming each field; missing or wrong signatures get
// INVALID_SIGNATURE; syncStore replays the first result for a requestId; responses carry Client-Id,
// Response-Time and, when the mock holds a key, a valid Signature.
import { formatRequestTime, type KeyInput, signRequest, verifyResponseSignature } from '@store-api/client';
import {
  type ContractViolation,
  createValidator,
  type OperationContract,
  type OperationId,
} from '@store-api/validator';
import { headerJson } from './http.js';
import { IdempotencyStore } from './idempotency.js';
import { createPrismEngine } from './prism.js';

export type ValidationMode = 'gateway' | 'strict';

export interface GatewayOptions {
  /**
   * `gateway` (default): a request that breaks the contract gets what the real API sends, HTTP 200 with
   * PARAM_ILLEGAL (or INVALID_SIGNATURE, INVALID_API). `strict`: Prism's 401/404/422 problem documents.
   */
  readonly validation?: ValidationMode;
  /** Partners' public keys by Client-Id. When given, every request's Signature is verified against them. */
  readonly clients?: Readonly<Record<string, KeyInput>>;
  /** The platform's private key: when given, every response is signed with it. */
  readonly platformPrivateKey?: KeyInput;
  /** How many requestIds the idempotency store remembers (oldest forgotten first). Default 10 000. */
  readonly idempotencyEntries?: number;
  /** The clock, for Response-Time. */
  readonly now?: () => Date;
}

export interface GatewayRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Gateway {
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** The operations served, with the names of their response examples (the outcomes `Prefer: example=` reaches). */
  readonly operations: readonly OperationContract[];
}

const RESULT_MESSAGE_LIMIT = 256;
const VIOLATIONS_HEADER_LIMIT = 8_000;

/** `a; b; c` cut to the Result's 256 characters, saying how many were left out. */
function summarise(messages: readonly string[]): string {
  let text = '';
  for (const [index, message] of messages.entries()) {
    const next = text === '' ? message : `${text}; ${message}`;
    const rest = messages.length - index - 1;
    const tail = rest > 0 ? ` (+${rest} more)` : '';
    if (next.length + tail.length > RESULT_MESSAGE_LIMIT) {
      const more = ` (+${messages.length - index} more)`;
      return text === '' ? `${message.slice(0, RESULT_MESSAGE_LIMIT - more.length - 1)}…${more}` : `${text}${more}`;
    }
    text = next;
  }
  return text;
}

/** JSON with sorted keys: two bodies that differ only in key order or spacing are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const strict = options.validation === 'strict';
  const validator = createValidator();
  const prism = await createPrismEngine({ validateRequest: strict });
  const replays = new IdempotencyStore(options.idempotencyEntries ?? 10_000);
  const now = options.now ?? (() => new Date());
  const clients = options.clients === undefined ? undefined : new Map(Object.entries(options.clients));

  // The documented results, by code, from the spec's named examples: the gateway's own answers reuse them.
  const documented = new Map<string, { resultStatus: string; resultMessage: string }>();
  for (const operation of validator.operations) {
    for (const example of operation.responses['200']?.examples ?? []) {
      const { result } = example.value as {
        result: { resultCode: string; resultStatus: string; resultMessage: string };
      };
      if (!documented.has(result.resultCode)) documented.set(result.resultCode, result);
    }
  }
  /** The gateway's own answer: HTTP 200 with the documented result for `code`, its message saying what is wrong. */
  const failure = (code: string, problems: readonly ContractViolation[] | string) => {
    const messages = typeof problems === 'string' ? [problems] : problems.map((v) => v.message);
    const known = documented.get(code);
    // PARAM_ILLEGAL's message is the violations themselves; the others keep their documented message first.
    const prefix = (known?.resultMessage ?? code).replace(/\.$/, '');
    const resultMessage =
      code === 'PARAM_ILLEGAL' ? summarise(messages) : summarise([`${prefix}: ${messages.join('; ')}`]);
    return {
      status: 200,
      headers: { 'X-Mock-Violations': headerJson(messages, VIOLATIONS_HEADER_LIMIT) },
      body: { result: { resultCode: code, resultStatus: known?.resultStatus ?? 'F', resultMessage } } as unknown,
    };
  };

  async function respond(
    request: GatewayRequest,
    uri: string,
    answer: { status: number; headers: Record<string, string>; body: unknown },
  ) {
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!['client-id', 'response-time', 'signature', 'content-length'].includes(name.toLowerCase()))
        headers[name] = value;
    }
    headers['content-type'] ??= 'application/json; charset=UTF-8';
    // Response-Time on every response; Client-Id (echoed) and the Signature over it when the request named one.
    const time = formatRequestTime(now());
    headers['Response-Time'] = time;
    const clientId = request.headers['client-id'];
    if (clientId !== undefined) {
      headers['Client-Id'] = clientId;
      if (options.platformPrivateKey !== undefined) {
        const message = { method: request.method, uri, clientId, time, body: text };
        headers.Signature = await signRequest(message, options.platformPrivateKey, 1);
      }
    }
    return { status: answer.status, headers, body: text };
  }

  async function handle(request: GatewayRequest): Promise<GatewayResponse> {
    const url = new URL(request.url, 'http://mock');
    const uri = url.pathname + url.search;
    const operation = validator.operations.find(
      (op) => op.path === url.pathname && op.method === request.method.toUpperCase(),
    );
    let body: unknown;
    let notJson = false;
    try {
      body = request.body === '' ? undefined : JSON.parse(request.body);
    } catch {
      notJson = true;
    }

    if (!strict) {
      if (operation === undefined)
        return respond(
          request,
          uri,
          failure('INVALID_API', `${request.method} ${url.pathname} is not an API of this contract`),
        );
      const operationId = operation.operationId as OperationId;
      const headerCheck = validator.validateHeaders(operationId, request.headers);
      const violations: ContractViolation[] = headerCheck.valid ? [] : [...headerCheck.violations];
      const missing = violations.filter((v) => v.rule === 'required');
      if (missing.length > 0) return respond(request, uri, failure('INVALID_SIGNATURE', missing));
      const invalidSignature = await checkSignature(request, uri);
      if (invalidSignature !== undefined) return respond(request, uri, failure('INVALID_SIGNATURE', invalidSignature));
      if (notJson) violations.push({ field: '(body)', rule: 'type', message: '(body): must be a JSON document' });
      else {
        const bodyCheck = validator.validateRequest(operationId, body);
        if (!bodyCheck.valid) violations.push(...bodyCheck.violations);
      }
      if (violations.length > 0) return respond(request, uri, failure('PARAM_ILLEGAL', violations));
    } else if (operation !== undefined) {
      const invalidSignature = await checkSignature(request, uri);
      if (invalidSignature !== undefined) return respond(request, uri, failure('INVALID_SIGNATURE', invalidSignature));
    }

    // Idempotency: the first result for a (Client-Id, key) is the result, whatever comes later.
    const keyField = operation?.idempotencyKey;
    const keyValue =
      keyField !== undefined && typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[keyField]
        : undefined;
    const replayKey =
      typeof keyValue === 'string' ? `${request.headers['client-id'] ?? ''}\u0000${keyValue}` : undefined;
    const bodyKey = replayKey === undefined ? '' : canonical(body);
    const earlier = replayKey === undefined ? undefined : replays.get(replayKey);
    if (earlier !== undefined) {
      const headers: Record<string, string> = { 'X-Mock-Idempotent-Replay': 'true' };
      if (earlier.bodyKey !== bodyKey) {
        headers['X-Mock-Warning'] =
          `${keyField} ${headerJson(keyValue, 300)} was first used with another body: its first result is replayed and this change is not applied`;
      }
      return respond(request, uri, { status: earlier.status, headers, body: earlier.body });
    }

    const answer = await prism.answer({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(
        Object.entries(request.headers).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      body: notJson ? request.body : body,
    });
    const outcome = (answer.body as { result?: { resultStatus?: string } } | undefined)?.result?.resultStatus;
    // Only settled results are remembered: a U is retried with the same requestId and may then settle.
    if (replayKey !== undefined && answer.status === 200 && (outcome === 'S' || outcome === 'F')) {
      replays.set(replayKey, { bodyKey, status: answer.status, body: answer.body });
    }
    return respond(request, uri, answer);
  }

  /** Undefined when the signature is fine or not checked; else why it is not. */
  async function checkSignature(request: GatewayRequest, uri: string): Promise<string | undefined> {
    if (clients === undefined) return undefined;
    const clientId = request.headers['client-id'];
    const time = request.headers['request-time'];
    const signature = request.headers.signature;
    if (clientId === undefined || time === undefined || signature === undefined) {
      return 'Client-Id, Request-Time and Signature are all required';
    }
    const publicKey = clients.get(clientId);
    if (publicKey === undefined) return `no public key is registered for Client-Id ${JSON.stringify(clientId)}`;
    const message = { method: request.method.toUpperCase(), uri, clientId, time, body: request.body };
    const valid = await verifyResponseSignature(message, signature, publicKey).catch(() => false);
    return valid ? undefined : 'the signature does not verify with the public key registered for this Client-Id';
  }

  return { handle, operations: validator.operations };
}
