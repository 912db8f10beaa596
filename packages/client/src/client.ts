// createStoreClient: both operations, typed from the spec, signed, verified, and retried safely.

import type { KeyInput } from '@store-api/signing';
import type {
  paths,
  SyncStoreRequest,
  SyncStoreResponse,
  UpdateStoreRequest,
  UpdateStoreResponse,
} from '@store-api/types';
import type { Client, Middleware } from 'openapi-fetch';
import { AbortedError, HttpStatusError, InvalidResponseError, StoreApiError, TimeoutError } from './errors.js';
import { ENVIRONMENTS } from './generated/result-codes.js';
import { createSigner, uriOf } from './middleware.js';
import { check, checkKey, refuseUnknown } from './options.js';
import { isResult, type Outcome, type SyncStoreResultCode, toOutcome, type UpdateStoreResultCode } from './outcome.js';
import type { RawSetup } from './raw.js';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.js';
import { type DispatcherLike, type FetchLike, type RequestEvent, type ResponseEvent, send } from './transport.js';

/** The environments the spec's `servers` name: the sandbox, each production region, the local mock. */
export type Environment = keyof typeof ENVIRONMENTS;

export interface StoreClientOptions {
  /** Where both operations are sent, e.g. the mock's `http://127.0.0.1:4010` or a gateway of yours. Or: */
  readonly baseUrl?: string;
  /** An environment by name: each operation goes to its server there, as the spec's `servers` list them. */
  readonly environment?: Environment;
  /** The Client-Id the platform assigned to you. */
  readonly clientId: string;
  /** Your RSA 2048-bit private key: PKCS#8 PEM, or a WebCrypto key for RSASSA-PKCS1-v1_5/SHA-256. */
  readonly privateKey: KeyInput;
  /** Sent as the Signature's keyVersion; left out, the platform uses your latest key. */
  readonly keyVersion?: number | string;
  /** The platform's public key (SPKI PEM or WebCrypto key): when given, every response's signature is verified. */
  readonly platformPublicKey?: KeyInput;
  /** Sent as Agent-Token, when an ISV calls on a merchant's behalf. */
  readonly agentToken?: string;
  /** A fetch of your own, called as `fetch(url, init)` (proxies, instrumentation, tests). Default: the platform's. */
  readonly fetch?: FetchLike;
  /** An undici Dispatcher (e.g. `new ProxyAgent(url)`), given to fetch as `init.dispatcher`: proxies, pools, TLS. */
  readonly dispatcher?: DispatcherLike;
  /** Called before each attempt is sent, with the request as sent (signature and agent-token redacted). */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Called when each attempt's answer has been read, before its signature is checked. */
  readonly onResponse?: (event: ResponseEvent) => void;
  /** How long one attempt may take, its whole body included. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Retries of `U` results and of requests that got no response; `false` for none. */
  readonly retry?: RetryPolicy | false;
  /** The largest response body read, on the wire and after decompression. Default 65 536 bytes. */
  readonly maxResponseBytes?: number;
  /** With `platformPublicKey`: how far a response's response-time may be from your clock. Default 300 000 ms. */
  readonly responseTimeSkewMs?: number;
  /** Called before each retry, for logs and metrics. */
  readonly onRetry?: (retry: RetryEvent) => void;
  /** The clock used for Request-Time (tests). */
  readonly now?: () => Date;
}

export interface RetryEvent {
  /** The attempt that just ended (1 for the first). */
  readonly attempt: number;
  /** Why it is retried: a `U` outcome, or the error the attempt ended with. */
  readonly reason: Outcome<SyncStoreResponse | UpdateStoreResponse> | StoreApiError;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Extra headers, e.g. `{ Prefer: 'example=UNKNOWN_EXCEPTION' }` for the mock. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy | false;
}

export interface StoreClient {
  /** Creates a store, or opens or closes it. Retried on U with the same body: `requestId` makes that safe. */
  syncStore(body: SyncStoreRequest, options?: CallOptions): Promise<Outcome<SyncStoreResponse, SyncStoreResultCode>>;
  /** Edits or deletes a store (partial update). Retried on U with the same body. */
  updateStore(
    body: UpdateStoreRequest,
    options?: CallOptions,
  ): Promise<Outcome<UpdateStoreResponse, UpdateStoreResultCode>>;
  /** The underlying openapi-fetch client, signing (and verifying) included, for anything else. */
  readonly raw: Client<paths>;
}

type OperationPath = '/v2/pos/syncStore' | '/v2/pds/store/updateStore';

const CLIENT_OPTIONS: readonly (keyof StoreClientOptions)[] = [
  'baseUrl',
  'environment',
  'clientId',
  'privateKey',
  'keyVersion',
  'platformPublicKey',
  'agentToken',
  'fetch',
  'dispatcher',
  'onRequest',
  'onResponse',
  'timeoutMs',
  'retry',
  'maxResponseBytes',
  'responseTimeSkewMs',
  'onRetry',
  'now',
];
const CALL_OPTIONS: readonly (keyof CallOptions)[] = ['signal', 'headers', 'timeoutMs', 'retry'];

const RAW_CALLS = ['request', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
/** Fails to compile when openapi-fetch's client gains a method the stand-in below does not forward. */
type Unforwarded = Exclude<keyof Client<paths>, (typeof RAW_CALLS)[number] | 'use' | 'eject'>;
const everyMethodForwarded: [Unforwarded] extends [never] ? true : Unforwarded = true;
void everyMethodForwarded;
/** Registrations queued while openapi-fetch loads (one dynamic import): more than this is a runaway loop. */
const MAX_EARLY_REGISTRATIONS = 100;

/**
 * `client.raw`: an openapi-fetch client whose module (raw.ts, and openapi-fetch with it) is imported on first use.
 * Every method but `use` and `eject` returns a promise anyway; middleware registered before the module has loaded
 * is checked at once, as openapi-fetch checks it, and applied in order when it has: importing the client never
 * loads openapi-fetch (bench:client measures both loads).
 */
function lazyRaw(setup: RawSetup): Client<paths> {
  let loaded: Client<paths> | undefined;
  let loading: Promise<Client<paths>> | undefined;
  const early: ['use' | 'eject', Middleware[]][] = [];
  const load = () => {
    loading ??= import('./raw.js').then(({ createRawClient }) => {
      const client = createRawClient(setup);
      for (const [what, middleware] of early.splice(0)) client[what](...middleware);
      loaded = client;
      return client;
    });
    return loading;
  };
  const register =
    (what: 'use' | 'eject') =>
    (...middleware: Middleware[]): void => {
      if (loaded !== undefined) {
        loaded[what](...middleware);
        return;
      }
      for (const m of middleware)
        if (
          what === 'use' &&
          (typeof m !== 'object' || m === null || !('onRequest' in m || 'onResponse' in m || 'onError' in m))
        )
          throw new TypeError('raw.use: a middleware is an object with onRequest(), onResponse() or onError()');
      if (early.length >= MAX_EARLY_REGISTRATIONS)
        throw new RangeError(`raw.${what}: more than ${MAX_EARLY_REGISTRATIONS} calls before openapi-fetch loaded`);
      early.push([what, middleware]);
      // The error, if the import fails, reaches the next call instead.
      load().catch(() => undefined);
    };
  const client: Record<string, unknown> = { use: register('use'), eject: register('eject') };
  for (const name of RAW_CALLS)
    client[name] = async (...args: unknown[]) => ((await load())[name] as (...a: unknown[]) => unknown)(...args);
  return client as unknown as Client<paths>;
}

export function createStoreClient(options: StoreClientOptions): StoreClient {
  const where = 'createStoreClient';
  check(typeof options === 'object' && options !== null, where, 'options', 'must be an object');
  refuseUnknown(where, options, CLIENT_OPTIONS);
  const { baseUrl, environment, clientId, privateKey, agentToken } = options;
  check(baseUrl !== undefined || environment !== undefined, where, 'baseUrl', 'is required (or environment)');
  check(baseUrl === undefined || environment === undefined, where, 'environment', 'cannot be given with baseUrl');
  check(
    baseUrl === undefined || (URL.canParse(baseUrl) && /^https?:$/.test(new URL(baseUrl).protocol)),
    where,
    'baseUrl',
    'must be an absolute http(s) URL',
  );
  check(
    environment === undefined || Object.hasOwn(ENVIRONMENTS, environment),
    where,
    'environment',
    `must be one of ${Object.keys(ENVIRONMENTS).join(', ')}`,
  );
  check(typeof clientId === 'string' && clientId !== '', where, 'clientId', 'must be a non-empty string');
  check(privateKey !== undefined && privateKey !== '', where, 'privateKey', 'is required (PKCS#8 PEM or CryptoKey)');
  checkKey('privateKey', privateKey, 'private');
  if (options.platformPublicKey !== undefined) checkKey('platformPublicKey', options.platformPublicKey, 'public');
  const clientTimeout = options.timeoutMs ?? 10_000;
  check(Number.isFinite(clientTimeout) && clientTimeout > 0, where, 'timeoutMs', 'must be greater than 0');
  resolveRetryPolicy(options.retry, where); // reject a bad policy now, not at the first call
  const maxResponseBytes = options.maxResponseBytes ?? 65_536;
  check(
    Number.isInteger(maxResponseBytes) && maxResponseBytes > 0,
    where,
    'maxResponseBytes',
    'must be a whole number > 0',
  );
  const skew = options.responseTimeSkewMs;
  check(skew === undefined || skew >= 0, where, 'responseTimeSkewMs', 'must be a number >= 0');
  for (const name of ['fetch', 'onRequest', 'onResponse', 'onRetry', 'now'] as const)
    check(options[name] === undefined || typeof options[name] === 'function', where, name, 'must be a function');
  const { dispatcher, onRequest, onResponse } = options;
  check(
    dispatcher === undefined || typeof dispatcher?.dispatch === 'function',
    where,
    'dispatcher',
    "must be an undici Dispatcher (with dispatch()), e.g. new ProxyAgent('http://proxy:8080')",
  );
  // Late-bound, so a platform fetch replaced after the client is made (by a test's mock) is still the one used.
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const transport = { fetchImpl, maxResponseBytes, dispatcher, onRequest, onResponse };

  const signer = createSigner(options);
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json; charset=UTF-8',
    ...(agentToken === undefined ? {} : { 'agent-token': agentToken }),
  };

  // Each operation's server: baseUrl for both, or the environment's server for its path.
  const servers: Readonly<Record<string, string>> = environment === undefined ? {} : ENVIRONMENTS[environment];
  const serverFor = (path: string): string | undefined => (baseUrl ?? servers[path])?.replace(/\/+$/, '');

  // The raw openapi-fetch client, for anything else: the same transport, the same signer, loaded on first use.
  const raw = lazyRaw({
    baseUrl: baseUrl ?? Object.values(servers)[0] ?? '',
    servers,
    transport,
    headers: baseHeaders,
    signer,
  });

  // The typed calls skip openapi-fetch's Request and body stream (they cost as much as the client's own work):
  // the bytes are serialised once per call, signed and sent as they are, and the answer is read once.
  async function attempt(
    url: string,
    bytes: string,
    signal: AbortSignal,
    callOptions: CallOptions,
    attempts: number,
  ): Promise<{ body: unknown; headers: Headers }> {
    const uri = uriOf(url);
    const headers = new Headers(baseHeaders);
    for (const [name, value] of Object.entries(callOptions.headers ?? {})) headers.set(name, value);
    await signer.sign(headers, 'POST', uri, bytes);
    const answer = await send(transport, { url, method: 'POST', headers, body: bytes, signal, attempt: attempts });
    try {
      await signer.verify('POST', uri, answer);
      const { text } = answer;
      if (answer.status !== 200) throw new HttpStatusError(answer.status, text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new InvalidResponseError('the body is not JSON', text);
      }
      if (!isResult(parsed))
        throw new InvalidResponseError('result.resultStatus or result.resultCode is missing', text);
      return { body: parsed, headers: answer.headers };
    } catch (error) {
      if (error instanceof StoreApiError) error.headers = answer.headers;
      throw error;
    }
  }

  async function call<Body extends SyncStoreResponse | UpdateStoreResponse, Code extends string>(
    operationId: 'syncStore' | 'updateStore',
    path: OperationPath,
    requestBody: unknown,
    callOptions: CallOptions = {},
  ): Promise<Outcome<Body, Code>> {
    refuseUnknown(operationId, callOptions, CALL_OPTIONS);
    const server = serverFor(path);
    check(
      server !== undefined,
      operationId,
      'environment',
      `${environment} has no ${operationId} server in the contract; give baseUrl instead`,
    );
    const url = `${server}${path}`;
    const policy = resolveRetryPolicy(callOptions.retry ?? options.retry, operationId);
    const timeoutMs = callOptions.timeoutMs ?? clientTimeout;
    // Serialised once: every attempt sends the same bytes (same requestId), re-signed with a fresh Request-Time.
    const bytes = JSON.stringify(requestBody);
    const deadline = Date.now() + policy.deadlineMs;
    for (let attempts = 1; ; attempts++) {
      const limit = Math.min(timeoutMs, deadline - Date.now());
      // One controller per attempt, its timer cleared when the attempt ends (AbortSignal.timeout would leave a
      // live timer behind every call, and AbortSignal.any a listener on the caller's signal).
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort();
        },
        Math.max(limit, 1),
      );
      const forward = () => controller.abort(callOptions.signal?.reason);
      if (callOptions.signal?.aborted) forward();
      callOptions.signal?.addEventListener('abort', forward);
      let pending: Outcome<Body, Code> | undefined;
      // Why the next attempt is made: a U outcome, or a failure worth retrying.
      let reason: Outcome<Body, Code> | StoreApiError;
      try {
        const { body, headers } = await attempt(url, bytes, controller.signal, callOptions, attempts);
        pending = toOutcome<Body, Code>(operationId, body as Body, attempts, headers);
        if (pending.status !== 'U' || attempts >= policy.attempts) return pending;
        reason = pending;
      } catch (error) {
        let failure: StoreApiError;
        // Only fetch's own failures are network errors (transport.ts); an abort or a timeout may surface as one.
        if (error instanceof StoreApiError && error.kind !== 'network') failure = error;
        else if (callOptions.signal?.aborted) failure = new AbortedError(callOptions.signal.reason);
        else if (timedOut && limit < timeoutMs) failure = new TimeoutError('deadline', policy.deadlineMs);
        else if (timedOut) failure = new TimeoutError('attempt', timeoutMs);
        else if (error instanceof StoreApiError) failure = error;
        else throw error;
        failure.attempts = attempts;
        // A 429 or 5xx with no Result comes from something in front of the gateway: the request may not have
        // reached it, and the same bytes (same requestId) are safe to send again.
        const retryable =
          failure.kind === 'network' ||
          (failure instanceof TimeoutError && failure.scope === 'attempt') ||
          (failure instanceof HttpStatusError && (failure.status >= 500 || failure.status === 429));
        if (!retryable || attempts >= policy.attempts) throw failure;
        reason = failure;
      } finally {
        clearTimeout(timer);
        callOptions.signal?.removeEventListener('abort', forward);
      }
      const delay = backoffDelay(policy, attempts);
      if (Date.now() + delay >= deadline) {
        // No time left for another attempt: a U result is still an answer; a transport failure is not.
        if (pending !== undefined) return pending;
        throw Object.assign(new TimeoutError('deadline', policy.deadlineMs), { attempts, cause: reason });
      }
      options.onRetry?.({ attempt: attempts, reason, delayMs: delay });
      try {
        await sleep(delay, callOptions.signal);
      } catch (cause) {
        throw Object.assign(new AbortedError(cause), { attempts });
      }
    }
  }

  return {
    syncStore: (body, callOptions) => call('syncStore', '/v2/pos/syncStore', body, callOptions),
    updateStore: (body, callOptions) => call('updateStore', '/v2/pds/store/updateStore', body, callOptions),
    raw,
  };
}
