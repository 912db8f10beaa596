// createStoreClient: both operations, typed from the spec, signed, verified, and retried safely.
import type {
  paths,
  SyncStoreRequest,
  SyncStoreResponse,
  UpdateStoreRequest,
  UpdateStoreResponse,
} from '@store-api/types';
import createClient, { type Client } from 'openapi-fetch';
import {
  AbortedError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  StoreApiError,
  TimeoutError,
} from './errors.js';
import { createSigningMiddleware, serialisedBody } from './middleware.js';
import { isResult, type Outcome, toOutcome } from './outcome.js';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.js';
import type { KeyInput } from './signing.js';

export interface StoreClientOptions {
  /** e.g. `https://open-sea-global.alipayplus.com`, or the mock's `http://127.0.0.1:4010`. */
  readonly baseUrl: string;
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
  /** A fetch of your own (proxies, instrumentation, tests). */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** How long one attempt may wait for its response. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Retries of `U` results and of requests that got no response; `false` for none. */
  readonly retry?: RetryPolicy | false;
  /** The clock used for Request-Time (tests). */
  readonly now?: () => Date;
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
  syncStore(body: SyncStoreRequest, options?: CallOptions): Promise<Outcome<SyncStoreResponse>>;
  /** Edits or deletes a store (partial update). Retried on U with the same body. */
  updateStore(body: UpdateStoreRequest, options?: CallOptions): Promise<Outcome<UpdateStoreResponse>>;
  /** The underlying openapi-fetch client, signing (and verifying) included, for anything else. */
  readonly raw: Client<paths>;
}

type OperationPath = '/v2/pos/syncStore' | '/v2/pds/store/updateStore';

function check(ok: boolean, option: string, rule: string): void {
  if (!ok) throw new TypeError(`createStoreClient: ${option} ${rule}`);
}

export function createStoreClient(options: StoreClientOptions): StoreClient {
  const { baseUrl, clientId, privateKey, agentToken } = options;
  check(typeof baseUrl === 'string' && URL.canParse(baseUrl), 'baseUrl', 'must be an absolute URL');
  check(typeof clientId === 'string' && clientId !== '', 'clientId', 'must be a non-empty string');
  check(privateKey !== undefined && privateKey !== '', 'privateKey', 'is required (PKCS#8 PEM or CryptoKey)');
  const clientTimeout = options.timeoutMs ?? 10_000;
  check(clientTimeout > 0, 'timeoutMs', 'must be greater than 0');
  resolveRetryPolicy(options.retry); // reject a bad policy now, not at the first call

  const raw = createClient<paths>({
    baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      ...(agentToken === undefined ? {} : { 'Agent-Token': agentToken }),
    },
  });
  raw.use(createSigningMiddleware(options));

  async function attempt(
    path: OperationPath,
    body: unknown,
    bytes: string,
    signal: AbortSignal,
    callOptions: CallOptions,
  ) {
    // The bytes are serialised once per call and known here. With the platform's fetch, they are sent as a
    // string: openapi-fetch's Request carries no body (building a body stream, and re-wrapping it in fetch, costs
    // as much as the client's own work), and the signing middleware reads them from the serializer. A fetch of the
    // caller's own gets the full Request, body included.
    const direct = options.fetch === undefined;
    const { data, error, response } = await raw.POST(path, {
      body: (direct ? undefined : body) as never,
      bodySerializer: serialisedBody(bytes),
      ...(direct
        ? {
            fetch: (request: Request) =>
              fetch(request.url, { method: 'POST', headers: request.headers, body: bytes, signal }),
          }
        : {}),
      parseAs: 'text',
      // Direct: the signal goes to the real send above; the unsent Request need not follow it.
      ...(direct ? {} : { signal }),
      ...(callOptions.headers === undefined ? {} : { headers: callOptions.headers }),
    });
    const text = typeof data === 'string' ? data : typeof error === 'string' ? error : JSON.stringify(error ?? '');
    if (response.status !== 200) throw new HttpStatusError(response.status, text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InvalidResponseError('the body is not JSON', text);
    }
    if (!isResult(parsed)) throw new InvalidResponseError('result.resultStatus or result.resultCode is missing', text);
    return parsed;
  }

  async function call<Body extends SyncStoreResponse>(
    operationId: 'syncStore' | 'updateStore',
    path: OperationPath,
    requestBody: unknown,
    callOptions: CallOptions = {},
  ): Promise<Outcome<Body>> {
    const policy = resolveRetryPolicy(callOptions.retry ?? options.retry);
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
      callOptions.signal?.addEventListener('abort', forward, { once: true });
      let pending: Outcome<Body> | undefined;
      let failure: StoreApiError | undefined;
      try {
        const body = await attempt(path, requestBody, bytes, controller.signal, callOptions);
        pending = toOutcome(operationId, body as Body, attempts);
        if (pending.status !== 'U' || attempts >= policy.attempts) return pending;
      } catch (error) {
        if (error instanceof StoreApiError) failure = error;
        else if (callOptions.signal?.aborted) failure = new AbortedError(callOptions.signal.reason);
        else if (timedOut && limit < timeoutMs) failure = new TimeoutError('deadline', policy.deadlineMs);
        else if (timedOut) failure = new TimeoutError('attempt', timeoutMs);
        else if (error instanceof TypeError) failure = new NetworkError(error);
        else throw error;
        failure.attempts = attempts;
        const retryable =
          failure.kind === 'network' ||
          (failure instanceof TimeoutError && failure.scope === 'attempt') ||
          (failure instanceof HttpStatusError && failure.status >= 500);
        if (!retryable || attempts >= policy.attempts) throw failure;
      } finally {
        clearTimeout(timer);
        callOptions.signal?.removeEventListener('abort', forward);
      }
      const delay = backoffDelay(policy, attempts);
      if (Date.now() + delay >= deadline) {
        // No time left for another attempt: a U result is still an answer; a transport failure is not.
        if (pending !== undefined) return pending;
        throw Object.assign(new TimeoutError('deadline', policy.deadlineMs), { attempts, cause: failure });
      }
      try {
        await sleep(delay, callOptions.signal);
      } catch (reason) {
        throw Object.assign(new AbortedError(reason), { attempts });
      }
    }
  }

  return {
    syncStore: (body, callOptions) => call('syncStore', '/v2/pos/syncStore', body, callOptions),
    updateStore: (body, callOptions) => call('updateStore', '/v2/pds/store/updateStore', body, callOptions),
    raw,
  };
}
