// What the real gateway does that Prism alone does not, as a layer in front of Prism: every API outcome is HTTP
// 200 with a Result; bad parameters get PARAM_ILLEGAL naming each field; missing or wrong signatures get
// INVALID_SIGNATURE; syncStore replays the first settled result for a requestId; responses carry client-id,
// response-time and, when the mock holds a key, a valid signature, in lower case as every vendor SDK reads them.
import { createHash } from 'node:crypto';
import { createSignatureHeader, diagnoseSignature, formatTime, type KeyInput, verify } from '@store-api/signing';
import {
  type ContractViolation,
  checkBounds,
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
  /** How many bytes the idempotency store may hold (oldest forgotten first). Default 16 MiB. */
  readonly idempotencyBytes?: number;
  /**
   * Report fields the contract does not know, in objects whose full field list the vendor does not publish, as
   * PARAM_ILLEGAL instead of letting them through with an `x-mock-warnings` header. Default false.
   */
  readonly warningsAsErrors?: boolean;
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
/** The gateway answers JSON whatever Accept says; Prism would negotiate and answer 406. */
const ANSWER_TYPE = 'application/json';
const VIOLATIONS_HEADER_LIMIT = 8_000;

/** `a; b; c` cut to the Result's 256 characters, saying how many were left out. */
function summarise(messages: readonly string[]): string {
  let text = '';
  for (const [index, message] of messages.entries()) {
    const next = text === '' ? message : `${text}; ${message}`;
    const rest = messages.length - index - 1;
    const tail = rest > 0 ? ` (+${rest} more)` : '';
    if (next.length + tail.length > RESULT_MESSAGE_LIMIT) {
      // The first message alone is too long: cut it, counting only the ones after it.
      if (text === '') return `${message.slice(0, RESULT_MESSAGE_LIMIT - tail.length - 1)}…${tail}`;
      return `${text} (+${messages.length - index} more)`;
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
  const validator = createValidator(undefined, { warningsAsErrors: options.warningsAsErrors === true });
  const prism = await createPrismEngine({ validateRequest: strict });
  const replays = new IdempotencyStore(
    options.idempotencyEntries ?? 10_000,
    options.idempotencyBytes ?? 16 * 1024 * 1024,
  );
  const now = options.now ?? (() => new Date());
  const clients = options.clients === undefined ? undefined : new Map(Object.entries(options.clients));

  // The documented results, by code, from the spec's named examples: the gateway's own answers reuse them, and
  // the idempotency layer skips the answers the spec marks `x-idempotency: not-remembered`.
  const documented = new Map<string, { resultStatus: string; resultMessage: string }>();
  const notRemembered = new Set<string>();
  for (const operation of validator.operations) {
    for (const example of operation.responses['200']?.examples ?? []) {
      const { result } = example.value as {
        result: { resultCode: string; resultStatus: string; resultMessage: string };
      };
      if (!documented.has(result.resultCode)) documented.set(result.resultCode, result);
      if (example.idempotency === 'not-remembered') notRemembered.add(result.resultCode);
    }
  }
  /** Whether a result settles its requestId: not a U, and not an answer the spec says is never remembered. */
  const remembered = (result: { resultStatus?: string; resultCode?: string } | undefined) =>
    (result?.resultStatus === 'S' || result?.resultStatus === 'F') && !notRemembered.has(String(result.resultCode));
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
      headers: { 'x-mock-violations': headerJson(messages, VIOLATIONS_HEADER_LIMIT) } as Record<string, string>,
      body: { result: { resultCode: code, resultStatus: known?.resultStatus ?? 'F', resultMessage } } as unknown,
    };
  };

  async function respond(
    request: GatewayRequest,
    uri: string,
    answer: { status: number; headers: Record<string, string>; body: unknown },
  ) {
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    // Every name in lower case, once: Prism writes `Content-type`, and the Python SDK finds only lower-case names.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      const lower = name.toLowerCase();
      if (!['client-id', 'response-time', 'signature', 'content-length'].includes(lower)) headers[lower] = value;
    }
    headers['content-type'] ??= 'application/json; charset=UTF-8';
    // response-time on every response; client-id (echoed) and the signature over it when the request named one.
    const time = formatTime(now());
    headers['response-time'] = time;
    const clientId = request.headers['client-id'];
    if (clientId !== undefined) {
      headers['client-id'] = clientId;
      if (options.platformPrivateKey !== undefined) {
        const message = { method: request.method, uri, clientId, time, body: text };
        headers.signature = await createSignatureHeader(message, options.platformPrivateKey, 1);
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

    const warnings: string[] = [];
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
      const refused = await checkSignature(request, uri);
      if (refused !== undefined) return respond(request, uri, refused);
      if (notJson) violations.push({ field: '(body)', rule: 'type', message: '(body): must be a JSON document' });
      else {
        const bodyCheck = validator.validateRequest(operationId, body);
        if (!bodyCheck.valid) violations.push(...bodyCheck.violations);
        warnings.push(...bodyCheck.warnings.map((w) => w.message));
      }
      if (violations.length > 0) return respond(request, uri, failure('PARAM_ILLEGAL', violations));
    } else if (operation !== undefined) {
      const refused = await checkSignature(request, uri);
      if (refused !== undefined) return respond(request, uri, refused);
      // Prism's validator has no bound of its own (a 500,000-item array held the event loop for 27 s).
      const bound = notJson ? undefined : checkBounds(body);
      if (bound !== undefined) {
        const problem = { title: 'Request body too large to validate', status: 422, detail: bound.message };
        return respond(request, uri, {
          status: 422,
          headers: { 'content-type': 'application/problem+json' },
          body: problem,
        });
      }
    }

    // A Prefer that names no outcome of the operation is the test's mistake: say which outcomes exist.
    const unknownOutcome = operation === undefined ? undefined : unknownPreference(operation, request.headers.prefer);
    if (unknownOutcome !== undefined) {
      const body = JSON.stringify({ title: 'Prefer names no outcome of this operation', detail: unknownOutcome });
      return { status: 400, headers: { 'content-type': 'application/problem+json' }, body };
    }
    const withWarnings = (headers: Record<string, string>) =>
      warnings.length === 0
        ? headers
        : { ...headers, 'x-mock-warnings': headerJson(warnings, VIOLATIONS_HEADER_LIMIT) };

    // Idempotency: the first settled result for a (Client-Id, key) is the result, whatever comes later, unless the
    // test asks for another outcome with Prefer.
    const keyField = operation?.idempotencyKey;
    const keyValue =
      keyField !== undefined && typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[keyField]
        : undefined;
    const replayKey =
      typeof keyValue === 'string' ? `${request.headers['client-id'] ?? ''}\u0000${keyValue}` : undefined;
    const bodyKey = replayKey === undefined ? '' : createHash('sha256').update(canonical(body)).digest('base64');
    const earlier = replayKey === undefined ? undefined : replays.get(replayKey);
    const preferred = request.headers.prefer !== undefined && request.headers.prefer !== '';
    if (earlier !== undefined && !preferred) {
      if (earlier.bodyKey !== bodyKey) {
        warnings.push(
          `${keyField} ${headerJson(keyValue, 300)} was first used with another body: its first result is replayed and this change is not applied`,
        );
      }
      const headers = withWarnings({ 'x-mock-idempotent-replay': 'true' });
      return respond(request, uri, { status: earlier.status, headers, body: earlier.body });
    }
    if (earlier !== undefined) {
      const first = (earlier.body as { result?: { resultCode?: string } } | undefined)?.result?.resultCode;
      warnings.push(
        `Prefer overrides the replay: ${keyField} ${headerJson(keyValue, 300)} first settled as ${first ?? 'an answer'}, which later requests without Prefer still get`,
      );
    }

    const answer = await prism.answer({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        ...Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => e[1] !== undefined)),
        accept: ANSWER_TYPE,
      },
      body: notJson ? request.body : body,
    });
    const result = (answer.body as { result?: { resultStatus?: string; resultCode?: string } } | undefined)?.result;
    // Only settled results are remembered: a U or a traffic limit is sent again with the same requestId and may
    // then settle; a gateway refusal never reached the API.
    if (replayKey !== undefined && earlier === undefined && answer.status === 200 && remembered(result)) {
      replays.set(replayKey, { bodyKey, status: answer.status, body: answer.body });
    }
    return respond(request, uri, { ...answer, headers: withWarnings(answer.headers) });
  }

  /** Undefined when `prefer` asks for nothing or for outcomes the operation has; else what is wrong. */
  function unknownPreference(operation: OperationContract, prefer: string | undefined): string | undefined {
    if (prefer === undefined) return undefined;
    const wanted = new Map<string, string>();
    for (const part of prefer.split(/[,;]/)) {
      const at = part.indexOf('=');
      if (at > 0)
        wanted.set(
          part.slice(0, at).trim().toLowerCase(),
          part
            .slice(at + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        );
    }
    const statuses = Object.keys(operation.responses);
    const code = wanted.get('code');
    if (code !== undefined && !statuses.includes(code))
      return `Prefer: code=${code} is not a status ${operation.operationId} answers; it answers ${statuses.join(', ')}`;
    const example = wanted.get('example');
    const names = Object.values(operation.responses).flatMap((r) => r.examples.map((e) => e.name));
    if (example !== undefined && !names.includes(example))
      return `Prefer: example=${example} is not an outcome of ${operation.operationId}; its outcomes are ${names.join(', ')}`;
    return undefined;
  }

  /**
   * Undefined when the signature verifies or is not checked; else the INVALID_SIGNATURE answer, with the diagnosis
   * a test reads in `x-mock-signature-diagnosis`: the string verified (its bytes and SHA-256), the key's
   * fingerprint, and the likely cause.
   */
  async function checkSignature(request: GatewayRequest, uri: string) {
    if (clients === undefined) return undefined;
    const clientId = request.headers['client-id'];
    const time = request.headers['request-time'];
    const signature = request.headers.signature;
    if (clientId === undefined || time === undefined || signature === undefined) {
      return failure('INVALID_SIGNATURE', 'Client-Id, Request-Time and Signature are all required');
    }
    const publicKey = clients.get(clientId);
    const message = { method: request.method.toUpperCase(), uri, clientId, time, body: request.body };
    if (publicKey !== undefined && (await verify(message, signature, publicKey).catch(() => false))) return undefined;
    const host = request.headers.host;
    const diagnosis = await diagnoseSignature({
      message,
      signatureHeader: signature,
      publicKey,
      ...(host === undefined ? {} : { host }),
    });
    const answer = failure('INVALID_SIGNATURE', diagnosis.reason);
    const { valid: _valid, ...shown } = diagnosis;
    answer.headers['x-mock-signature-diagnosis'] = headerJson(shown, VIOLATIONS_HEADER_LIMIT);
    return answer;
  }

  return { handle, operations: validator.operations };
}
