// What the real gateway does that Prism alone does not, as one request pipeline in front of Prism:
//   parse → route → transport fault? → check headers and signature → validate → choose the outcome (script,
//   Prefer, replay, the default) → remember (replays, stores) → sign → record in the journal → send.
// Every API outcome is HTTP 200 with a Result; bad parameters get PARAM_ILLEGAL naming each field; missing or wrong
// signatures get INVALID_SIGNATURE (with a diagnosis); syncStore replays the first settled result for a requestId;
// responses carry client-id, response-time and, when the mock holds a key, a valid signature, in lower case as
// every vendor SDK reads them. A test steers it with scripts, reads the journal and the stores it holds.
import { createHash } from 'node:crypto';
import { diagnoseSignature, formatTime, type KeyInput, verify } from '@store-api/signing';
import {
  type ContractViolation,
  checkBounds,
  createValidator,
  documentedResults,
  type OperationContract,
  type OperationId,
} from '@store-api/validator';
import { headerJson } from './http.js';
import { IdempotencyStore } from './idempotency.js';
import { Journal, type JournalRecord, type OutcomeSource, type SignatureVerdict } from './journal.js';
import type { PrismEngine } from './prism.js';
import { ResponseSigner } from './response-signer.js';
import { type Fault, Scripts } from './script.js';
import { type JsonObject, StoreState } from './state.js';
import { parsePrefer, StaticAnswers } from './static-answers.js';

/**
 * Who judges a request: `gateway`, the contract's validator answering as the real gateway does; `prism`, Prism's
 * own validator and its problem documents. `strict` is the old name of `prism` (it read as "the stricter of the
 * two", which it is not: the gateway mode reports more), still accepted.
 */
export type ValidationMode = 'gateway' | 'prism' | 'strict';

export interface GatewayOptions {
  /**
   * `gateway` (default): a request that breaks the contract gets what the real API sends, HTTP 200 with
   * PARAM_ILLEGAL (or INVALID_SIGNATURE, INVALID_API). `prism` (formerly `strict`): Prism's 401/404/422 problem
   * documents.
   */
  readonly validation?: ValidationMode;
  /** Partners' public keys by Client-Id. When given, every request's Signature is verified against them. */
  readonly clients?: Readonly<Record<string, KeyInput>>;
  /**
   * The platform's private key: when given, every response is signed with it. The gateway alone signs nothing;
   * `startMock` gives it the published mock platform key unless told otherwise.
   */
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
  /**
   * An updateStore for a store the mock does not hold (never seeded, created or updated here, or deleted).
   * `accept` (default): answered as any other, with a warning, and held from then on: the real gateway knows
   * stores the mock cannot (made in the merchant portal, say). `fail`: BIZ_ERROR_NO_RETRY, as the gateway answers
   * a store that was never synchronised.
   */
  readonly unknownStores?: 'accept' | 'fail';
  /** How many requests the journal keeps (oldest forgotten first). Default 500; 0 keeps none. */
  readonly journalEntries?: number;
  /** How many bytes the journal may hold (oldest forgotten first). Default 8 MiB. */
  readonly journalBytes?: number;
  /** How many stores the mock holds (the one changed longest ago forgotten first). Default 10 000. */
  readonly maxStores?: number;
  /** How many bytes (as JSON) the stores may hold together (the one changed longest ago forgotten first). Default 64 MiB. */
  readonly maxStoreBytes?: number;
  /** How many bytes (as JSON) the scripts in force may hold together; a script past it is refused. Default 4 MiB. */
  readonly scriptBytes?: number;
  /** Told of each error the mock itself hits (the request is answered with HTTP 500, recorded in the journal). */
  readonly onError?: (error: Error) => void;
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
  /** What the transport does instead of (or, for a delay, before) sending the answer. */
  readonly fault?: Fault;
}

export interface Gateway {
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** The operations served, with the names of their response examples (the outcomes `Prefer: example=` reaches). */
  readonly operations: readonly OperationContract[];
  /** Each operation with its outcomes' names. */
  readonly outcomes: Readonly<Record<string, readonly string[]>>;
  readonly scripts: Scripts;
  readonly journal: Journal;
  readonly stores: StoreState;
  /** Forgets the scripts, the journal, the stores and the remembered replays: a clean mock for the next test. */
  reset(): void;
}

/** The gateway answers JSON whatever Accept says; Prism would negotiate and answer 406. */
const ANSWER_TYPE = 'application/json';
/** The one content-type of every JSON answer, fresh, replayed or refused (ERRATA E43). */
const ANSWER_CONTENT_TYPE = 'application/json; charset=UTF-8';
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const VIOLATIONS_HEADER_LIMIT = 8_000;

/** `a; b; c` cut to the Result's resultMessage limit (`limit`, read from the contract), saying how many were left out. */
function summarise(messages: readonly string[], limit: number): string {
  let text = '';
  for (const [index, message] of messages.entries()) {
    const next = text === '' ? message : `${text}; ${message}`;
    const rest = messages.length - index - 1;
    const tail = rest > 0 ? ` (+${rest} more)` : '';
    if (next.length + tail.length > limit) {
      // The first message alone is too long: cut it, counting only the ones after it.
      if (text === '') return `${message.slice(0, limit - tail.length - 1)}…${tail}`;
      return `${text} (+${messages.length - index} more)`;
    }
    text = next;
  }
  return text;
}

/** Bodies up to this many characters are kept whole by the replay store; longer ones as a digest. */
const INLINE_BODY = 512;

/**
 * A request body as the replay store keeps it, to tell a later body under the same requestId apart: the text itself
 * up to INLINE_BODY characters (most bodies: nothing to hash on the way in), else the SHA-256 of its canonical form.
 * Hashing every body's canonical form was 7% of a load run's profile; the comparison now happens on replays only.
 */
function bodyFingerprint(raw: string, body: unknown): string {
  return raw.length <= INLINE_BODY ? `=${raw}` : `#${createHash('sha256').update(canonical(body)).digest('base64')}`;
}

/** Whether a body is the one a fingerprint was taken of, key order and spacing aside. */
function sameBody(fingerprint: string, raw: string, body: unknown): boolean {
  if (fingerprint.startsWith('=')) {
    const first = fingerprint.slice(1);
    return first === raw || canonical(JSON.parse(first)) === canonical(body);
  }
  return fingerprint === `#${createHash('sha256').update(canonical(body)).digest('base64')}`;
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
  const strict = options.validation === 'prism' || options.validation === 'strict';
  const validator = createValidator(undefined, { warningsAsErrors: options.warningsAsErrors === true });
  // Prism answers only what the static table cannot (static-answers.ts): loaded on first use, except in prism mode,
  // where it checks every request, so it loads now and a failure to load stops the start.
  let prismEngine: Promise<PrismEngine> | undefined;
  const prism = () =>
    (prismEngine ??= import('./prism.js').then(({ createPrismEngine }) =>
      createPrismEngine({ validateRequest: strict }),
    ));
  if (strict) await prism();
  const staticAnswers = new StaticAnswers(validator.operations);
  // response-time has whole seconds: formatted once a second, not on every answer (2-3% of a load run's profile).
  let formattedSecond = Number.NaN;
  let formatted = '';
  const responseTime = (date: Date): string => {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== formattedSecond) {
      formattedSecond = second;
      formatted = formatTime(new Date(second * 1000));
    }
    return formatted;
  };
  const replays = new IdempotencyStore(
    options.idempotencyEntries ?? 10_000,
    options.idempotencyBytes ?? 16 * 1024 * 1024,
  );
  const journal = new Journal(options.journalEntries, options.journalBytes);
  const stores = new StoreState(options.maxStores, options.maxStoreBytes);
  const scripts = new Scripts(options.scriptBytes);
  const now = options.now ?? (() => new Date());
  const signer = options.platformPrivateKey === undefined ? undefined : new ResponseSigner(options.platformPrivateKey);
  const clients = options.clients === undefined ? undefined : new Map(Object.entries(options.clients));
  const outcomes = Object.fromEntries(
    validator.operations.map((op) => [op.operationId, (op.responses['200']?.examples ?? []).map((e) => e.name)]),
  );

  // The documented results, by code, from the spec's named examples: the gateway's own answers reuse them, and
  // the idempotency layer skips the answers the spec marks `x-idempotency: not-remembered`.
  const documented = new Map<string, { resultStatus: string; resultMessage: string }>();
  const notRemembered = new Set<string>();
  for (const operation of validator.operations) {
    for (const result of documentedResults(operation)) {
      if (!documented.has(result.resultCode)) documented.set(result.resultCode, result);
      if (result.idempotency === 'not-remembered') notRemembered.add(result.resultCode);
    }
  }
  /** Whether a result settles its requestId: not a U, and not an answer the spec says is never remembered. */
  const remembered = (result: { resultStatus?: string; resultCode?: string } | undefined) =>
    (result?.resultStatus === 'S' || result?.resultStatus === 'F') && !notRemembered.has(String(result.resultCode));

  /** One request on its way through the pipeline: what each step found, for the next steps and the journal. */
  interface Exchange {
    readonly request: GatewayRequest;
    /** Epoch milliseconds (formatted only when the journal is read). */
    readonly receivedAt: number;
    /** Path and query, as signed (normalised the way a WHATWG URL would). */
    readonly uri: string;
    readonly path: string;
    readonly operation: OperationContract | undefined;
    readonly body: unknown;
    readonly notJson: boolean;
    readonly violations: string[];
    readonly warnings: string[];
    signature?: SignatureVerdict;
    store?: string;
  }
  interface Answer {
    status: number;
    headers: Record<string, string>;
    body: unknown;
    source: OutcomeSource;
    name?: string;
    script?: string;
    fault?: Fault;
    /** The mock's own answer to the test (a Prefer naming no outcome): not stamped or signed as the gateway's. */
    unstamped?: true;
    /** The Result's resultStatus, when the body holds one. */
    resultStatus?: string;
  }

  /** The gateway's own answer: HTTP 200 with the documented result for `code`, its message saying what is wrong. */
  const failure = (code: string, problems: readonly ContractViolation[] | string): Answer => {
    const messages = typeof problems === 'string' ? [problems] : problems.map((v) => v.message);
    const known = documented.get(code);
    // PARAM_ILLEGAL's message is the violations themselves; the others keep their documented message first.
    const prefix = (known?.resultMessage ?? code).replace(/\.$/, '');
    const resultMessage =
      code === 'PARAM_ILLEGAL'
        ? summarise(messages, validator.limits.resultMessage)
        : summarise([`${prefix}: ${messages.join('; ')}`], validator.limits.resultMessage);
    return {
      status: 200,
      headers: { 'x-mock-violations': headerJson(messages, VIOLATIONS_HEADER_LIMIT) },
      body: { result: { resultCode: code, resultStatus: known?.resultStatus ?? 'F', resultMessage } },
      source: 'gateway',
      name: code,
      resultStatus: known?.resultStatus ?? 'F',
    };
  };

  // 1. parse and route
  function parse(request: GatewayRequest): Exchange {
    // A plain origin-form target (`/v2/pos/syncStore`, the usual case) is split by hand; anything a URL parser would
    // rewrite (percent-escapes, dot segments, an absolute form) goes through one. 4% of a load run's profile.
    const plain = /^\/[A-Za-z0-9/_-]*(\?[^#%]*)?$/.test(request.url) && !request.url.includes('//');
    const url = plain ? undefined : new URL(request.url, 'http://mock');
    const at = request.url.indexOf('?');
    const path = url?.pathname ?? (at < 0 ? request.url : request.url.slice(0, at));
    const search = url?.search ?? (at < 0 || at === request.url.length - 1 ? '' : request.url.slice(at));
    let body: unknown;
    let notJson = false;
    try {
      body = request.body === '' ? undefined : JSON.parse(request.body);
    } catch {
      notJson = true;
    }
    return {
      request,
      receivedAt: now().getTime(),
      uri: path + search,
      path,
      operation: validator.operations.find((op) => op.path === path && op.method === request.method.toUpperCase()),
      body,
      notJson,
      violations: [],
      warnings: [],
    };
  }

  // 2. a scripted transport fault (a reset, an empty or truncated reply, a hang, a proxy's HTTP error) happens
  // before the gateway looks at the request, as the network or a proxy in front of it would.
  function transportFault(x: Exchange): Answer | undefined {
    if (x.operation === undefined) return undefined;
    const fault = scripts.peekFault(x.operation.operationId, x.body);
    if (fault === undefined || fault.kind === 'delay') return undefined;
    const taken = scripts.take(x.operation.operationId, x.body);
    if (fault.kind === 'http') {
      // What a load balancer or rate limiter sends: its own status and page, no Result, no signature.
      const text =
        fault.status === 429 ? 'Too Many Requests' : fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable';
      return {
        status: fault.status,
        headers: { 'content-type': 'text/html', ...(fault.status === 429 ? { 'retry-after': '1' } : {}) },
        body: `<html><body><h1>${fault.status} ${text}</h1></body></html>`,
        source: 'fault',
        name: `http ${fault.status}`,
        ...(taken === undefined ? {} : { script: taken.script }),
      };
    }
    return {
      status: 200,
      headers: {},
      body: '',
      source: 'fault',
      name: fault.kind,
      fault,
      ...(taken === undefined ? {} : { script: taken.script }),
    };
  }

  // 3. the gateway's checks: the route, the headers, the signature, the body. Undefined when all pass.
  async function check(x: Exchange): Promise<Answer | undefined> {
    const { request, operation } = x;
    if (strict) {
      if (operation === undefined) return undefined; // Prism answers 404
      const refused = await checkSignature(x);
      if (refused !== undefined) return refused;
      // Prism's validator has no bound of its own (a 500,000-item array held the event loop for 27 s).
      const bound = x.notJson ? undefined : checkBounds(x.body);
      if (bound === undefined) return undefined;
      const problem = { title: 'Request body too large to validate', status: 422, detail: bound.message };
      x.violations.push(bound.message);
      return {
        status: 422,
        headers: { 'content-type': 'application/problem+json' },
        body: problem,
        source: 'gateway',
        name: 'too large',
      };
    }
    if (operation === undefined) return failure('INVALID_API', notAnApi(validator.operations, request.method, x.path));
    const operationId = operation.operationId as OperationId;
    const headerCheck = validator.validateHeaders(operationId, request.headers);
    const violations: ContractViolation[] = headerCheck.valid ? [] : [...headerCheck.violations];
    const missing = violations.filter((v) => v.rule === 'required');
    if (missing.length > 0) {
      x.violations.push(...missing.map((v) => v.message));
      return failure('INVALID_SIGNATURE', missing);
    }
    const refused = await checkSignature(x);
    if (refused !== undefined) return refused;
    const type = request.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type))
      x.warnings.push(
        `header Content-Type: ${type === undefined ? 'missing' : `${headerJson(type, 100)} is not JSON`}; send application/json; charset=UTF-8, as the vendor's pages and SDKs do (what the gateway does with another is not published)`,
      );
    if (request.body.trim() === '')
      violations.push({ field: '(body)', rule: 'required', message: '(body): the body is empty: send a JSON object' });
    else if (x.notJson) violations.push({ field: '(body)', rule: 'type', message: '(body): must be a JSON document' });
    else {
      const bodyCheck = validator.validateRequest(operationId, x.body);
      if (!bodyCheck.valid) violations.push(...bodyCheck.violations);
      x.warnings.push(...bodyCheck.warnings.map((w) => w.message));
    }
    if (violations.length === 0) return undefined;
    x.violations.push(...violations.map((v) => v.message));
    return failure('PARAM_ILLEGAL', violations);
  }

  /**
   * Undefined when the signature verifies or is not checked; else the INVALID_SIGNATURE answer, with the diagnosis
   * a test reads in `x-mock-diagnosis` (and in the journal): the string verified (its bytes and
   * SHA-256), the key's fingerprint, and the likely cause.
   */
  async function checkSignature(x: Exchange): Promise<Answer | undefined> {
    const { request, uri } = x;
    if (clients === undefined) {
      x.signature = UNCHECKED;
      return undefined;
    }
    const clientId = request.headers['client-id'];
    const time = request.headers['request-time'];
    const signature = request.headers.signature;
    if (clientId === undefined || time === undefined || signature === undefined) {
      x.signature = { checked: true, valid: false };
      return failure('INVALID_SIGNATURE', 'Client-Id, Request-Time and Signature are all required');
    }
    const publicKey = clients.get(clientId);
    const message = { method: request.method.toUpperCase(), uri, clientId, time, body: request.body };
    if (publicKey !== undefined && (await verify(message, signature, publicKey).catch(() => false))) {
      x.signature = { checked: true, valid: true };
      return undefined;
    }
    const host = request.headers.host;
    const diagnosis = await diagnoseSignature({
      message,
      signatureHeader: signature,
      publicKey,
      ...(host === undefined ? {} : { host }),
    });
    const answer = failure('INVALID_SIGNATURE', diagnosis.reason);
    const { valid: _valid, ...shown } = diagnosis;
    x.signature = { checked: true, valid: false, diagnosis: shown };
    answer.headers['x-mock-diagnosis'] = headerJson(shown, VIOLATIONS_HEADER_LIMIT);
    return answer;
  }

  // 4. the outcome, in this order: a script the test queued, then the request's Prefer, then the first settled
  // result for its idempotency key, then the default (SUCCESS, or Prism's first example).
  async function choose(x: Exchange): Promise<Answer> {
    const operation = x.operation;
    const { request } = x;
    const taken = operation === undefined ? undefined : scripts.take(operation.operationId, x.body);
    const prefer = request.headers.prefer !== undefined && request.headers.prefer !== '';
    const keyField = operation?.idempotencyKey;
    const keyValue =
      keyField !== undefined && typeof x.body === 'object' && x.body !== null
        ? (x.body as Record<string, unknown>)[keyField]
        : undefined;
    const replayKey =
      typeof keyValue === 'string' ? `${request.headers['client-id'] ?? ''}\u0000${keyValue}` : undefined;
    const earlier = replayKey === undefined ? undefined : replays.get(replayKey);

    if (taken === undefined && !prefer && earlier !== undefined) {
      if (!sameBody(earlier.bodyKey, request.body, x.body))
        x.warnings.push(
          `${keyField} ${headerJson(keyValue, 300)} was first used with another body: its first result is replayed and this change is not applied`,
        );
      return {
        status: earlier.status,
        headers: { 'x-mock-idempotent-replay': 'true' },
        body: earlier.body,
        source: 'replay',
        name: earlier.code,
        resultStatus: earlier.resultStatus,
      };
    }
    if (earlier !== undefined) {
      x.warnings.push(
        `${taken === undefined ? 'Prefer' : `script ${taken.script}`} overrides the replay: ${keyField} ${headerJson(keyValue, 300)} first settled as ${earlier.code}, which later requests without ${taken === undefined ? 'Prefer' : 'a script'} still get`,
      );
    }
    // An updateStore for a store the mock does not hold: answered as any other, or (unknownStores: fail) as the
    // gateway answers a store never synchronised.
    if (taken === undefined && !prefer && operation?.operationId === 'updateStore' && isObject(x.body)) {
      const held = stores.get(String(x.body.storeId));
      if (held === undefined || held.deleted) {
        const what = held === undefined ? 'not held by the mock' : 'deleted';
        if (options.unknownStores === 'fail')
          return failure(
            'BIZ_ERROR_NO_RETRY',
            `store ${headerJson(x.body.storeId, 100)} is ${what} (unknownStores: fail)`,
          );
        if (held === undefined)
          x.warnings.push(
            `store ${headerJson(x.body.storeId, 100)} was not held by the mock (seed it to test a merge); it is held from this update on`,
          );
      }
    }
    const wanted = taken?.step.outcome;
    const preferred = wanted === undefined ? request.headers.prefer : `example=${wanted}`;
    const answer =
      (strict || operation === undefined ? undefined : staticAnswers.answer(operation.operationId, preferred)) ??
      (await askPrism(x, preferred));
    const result = (answer.body as { result?: { resultStatus?: string; resultCode?: string } } | undefined)?.result;
    // Serialised once: the replay store keeps this text, and it is what is sent (a static answer comes serialised).
    const text =
      'text' in answer ? answer.text : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    // Only settled results are remembered: a U or a traffic limit is sent again with the same requestId and may
    // then settle; a gateway refusal never reached the API.
    if (replayKey !== undefined && earlier === undefined && answer.status === 200 && remembered(result))
      replays.set(replayKey, {
        bodyKey: bodyFingerprint(request.body, x.body),
        status: answer.status,
        body: text,
        code: String(result?.resultCode),
        resultStatus: String(result?.resultStatus),
      });
    return {
      status: answer.status,
      headers: answer.headers,
      body: text,
      source: taken !== undefined ? 'script' : prefer ? 'prefer' : 'default',
      name: result?.resultCode ?? String(answer.status),
      resultStatus: result?.resultStatus,
      script: taken?.script,
      fault: taken?.step.fault,
    };
  }

  /** Prism's answer, for what the static table cannot give: the request's headers, with the Prefer chosen. */
  async function askPrism(x: Exchange, prefer: string | undefined) {
    const { request } = x;
    // Copied only here, for Prism: a static answer needs no copy of the request's headers.
    const headers: Record<string, string> = {};
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    if (prefer !== undefined) headers.prefer = prefer;
    return (await prism()).answer({
      method: request.method,
      path: x.path,
      query: Object.fromEntries(new URLSearchParams(x.uri.slice(x.path.length))),
      headers: { ...headers, accept: ANSWER_TYPE },
      body: x.notJson ? request.body : x.body,
    });
  }

  // 5. the stores: an accepted call (S) changes the store it names.
  function applyToStores(x: Exchange, answer: Answer): void {
    if (answer.status !== 200 || answer.resultStatus !== 'S' || answer.source === 'replay' || !isObject(x.body)) return;
    if (x.operation?.operationId === 'syncStore' && isObject(x.body.store))
      x.store = stores.sync(String(x.body.posAccountId), x.body.store).key;
    if (x.operation?.operationId === 'updateStore') x.store = stores.update(x.body).key;
  }

  // 6. the answer as sent: names in lower case, one content-type, then response-time, client-id and the signature,
  // written last; then the journal.
  async function finish(x: Exchange, answer: Answer): Promise<GatewayResponse> {
    const { request } = x;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    // Every name in lower case, once: Prism writes `Content-type`, and the Python SDK finds only lower-case names.
    const headers: Record<string, string> = {};
    for (const name in answer.headers) {
      const value = answer.headers[name] as string;
      const lower = name.toLowerCase();
      if (!STAMPED.has(lower)) headers[lower] = value;
    }
    if (x.warnings.length > 0) headers['x-mock-warnings'] = headerJson(x.warnings, VIOLATIONS_HEADER_LIMIT);
    // One form for every JSON answer (fresh, replayed or refused): the form the vendor's SDKs send and document.
    const type = headers['content-type'];
    if (type === undefined || JSON_TYPE.test(type)) headers['content-type'] = ANSWER_CONTENT_TYPE;
    for (const name in headers) if (name.startsWith('x-mock-')) headers[name] = hideSdkWords(headers[name] as string);
    // response-time on every response; client-id (echoed) and the signature over it when the request named one.
    // Added after the others (only the journal id, which holds neither word, follows): the PHP SDK takes the last
    // header line that holds `signature` or `response-time`, wherever in the line.
    if (answer.source !== 'fault' && answer.unstamped === undefined) {
      const time = responseTime(now());
      headers['response-time'] = time;
      const clientId = request.headers['client-id'];
      if (clientId !== undefined) {
        headers['client-id'] = clientId;
        if (signer !== undefined) headers.signature = await signer.header(request.method, x.uri, clientId, time, text);
      }
    }
    // Plain assignments, no spread copies: this runs on every request (undefined fields are left out when read).
    const entry: JournalRecord = {
      receivedAt: x.receivedAt,
      method: request.method,
      url: request.url,
      operationId: x.operation?.operationId,
      headers: request.headers,
      rawBody: request.body,
      // Read back as the parsed body when it is JSON within the validator's bounds (a 10,000-deep document is kept
      // as text only): a body that passed validation is; one that did not is walked again, bounded.
      json: !x.notJson && x.body !== undefined && (x.violations.length === 0 || checkBounds(x.body) === undefined),
      signature: x.signature,
      violations: x.violations.length === 0 ? NONE : x.violations,
      warnings: x.warnings.length === 0 ? NONE : x.warnings,
      source: answer.source,
      outcome: answer.name ?? String(answer.status),
      script: answer.script,
      status: answer.status,
      responseHeaders: headers,
      responseBody: text,
      store: x.store,
    };
    headers['x-mock-journal-id'] = String(journal.add(entry));
    return answer.fault === undefined
      ? { status: answer.status, headers, body: text }
      : { status: answer.status, headers, body: text, fault: answer.fault };
  }

  /** The pipeline, and for a bug in it a 500 that is answered and recorded like any other answer. */
  async function handle(request: GatewayRequest): Promise<GatewayResponse> {
    let x: Exchange | undefined;
    try {
      x = parse(request);
      return await pipeline(x);
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      options.onError?.(error);
      const body = { title: 'The mock failed on this request', detail: error.message };
      const failed: Answer = {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
        body,
        source: 'gateway',
        name: 'mock error',
        unstamped: true,
      };
      // A request that failed even to parse is recorded as received, with nothing made of it.
      x ??= {
        request,
        receivedAt: Date.now(), // not `now()`: the clock may be what failed
        uri: request.url,
        path: request.url,
        operation: undefined,
        body: undefined,
        notJson: true,
        violations: [],
        warnings: [],
      };
      return finish(x, failed);
    }
  }

  async function pipeline(x: Exchange): Promise<GatewayResponse> {
    const { request } = x;
    const fault = transportFault(x);
    if (fault !== undefined) return finish(x, fault);
    const refused = await check(x);
    if (refused !== undefined) return finish(x, refused);
    // A Prefer that names no outcome of the operation is the test's mistake: say which outcomes exist.
    const unknownOutcome =
      x.operation === undefined ? undefined : unknownPreference(x.operation, request.headers.prefer);
    if (unknownOutcome !== undefined) {
      const body = { title: 'Prefer names no outcome of this operation', detail: unknownOutcome };
      return finish(x, {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body,
        source: 'gateway',
        name: 'bad Prefer',
        unstamped: true,
      });
    }
    const answer = await choose(x);
    applyToStores(x, answer);
    return finish(x, answer);
  }

  /** Undefined when `prefer` asks for nothing or for outcomes the operation has; else what is wrong. */
  function unknownPreference(operation: OperationContract, prefer: string | undefined): string | undefined {
    if (prefer === undefined) return undefined;
    const wanted = parsePrefer(prefer).parts;
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

  return {
    handle,
    operations: validator.operations,
    outcomes,
    scripts,
    journal,
    stores,
    reset() {
      scripts.clear();
      journal.clear();
      stores.clear();
      replays.clear();
    },
  };
}

/** No violations, no warnings: one shared empty list for the journal. */
const NONE: readonly string[] = Object.freeze([]);

/**
 * A mock header's JSON value with the words the vendor's SDKs look for in a header line (`signature`,
 * `response-time`, `client-id`) written with one escaped letter (`\u0073ignature`): the same JSON to any reader,
 * never a line the PHP SDK takes for the signature or the response time.
 */
function hideSdkWords(json: string): string {
  return json.replace(
    /signature|response-time|client-id/g,
    (word) => `\\u00${word.charCodeAt(0).toString(16)}${word.slice(1)}`,
  );
}

/** The response headers the gateway writes itself (an answer's own are dropped). */
const STAMPED = new Set(['client-id', 'response-time', 'signature', 'content-length']);

/** The verdict when the mock holds no keys: one shared object, as every request without a key check gets it. */
const UNCHECKED: SignatureVerdict = Object.freeze({ checked: false, valid: true });

/** Why a method and path are no API, and the one meant where it is plain: another method, or a path's case. */
function notAnApi(
  operations: readonly { readonly method: string; readonly path: string }[],
  method: string,
  path: string,
): string {
  const said = `${method} ${path} is not an API of this contract`;
  const meant = operations.find((op) => op.path.toLowerCase() === path.toLowerCase());
  if (meant === undefined) return said;
  if (meant.path !== path) return `${said}: paths are case-sensitive; did you mean ${meant.method} ${meant.path}?`;
  return `${said}: ${meant.path} takes ${meant.method} only`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
