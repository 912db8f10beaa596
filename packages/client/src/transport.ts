// The client's one way onto the network: every call, typed or raw, with the platform's fetch or yours. Redirects
// are never followed, and the answer is read whole, within a byte limit, before anything else looks at it.
import { readBounded } from '@store-api/signing';
import { NetworkError, RedirectError, ResponseTooLargeError, StoreApiError } from './errors.js';

/** fetch's own shape: the platform's `fetch`, undici's, or a wrapper of yours. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** undici's Dispatcher (an Agent, a ProxyAgent), by its shape: given to fetch as `init.dispatcher`. */
export interface DispatcherLike {
  dispatch(...args: never[]): unknown;
}

/** What onRequest sees: the request as sent, its credentials (signature, agent-token) redacted. */
export interface RequestEvent {
  readonly method: string;
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** What onResponse sees: an answer read whole, before its signature is checked. */
export interface ResponseEvent extends RequestEvent {
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: string;
  readonly durationMs: number;
}

export interface Hooks {
  readonly onRequest?: ((event: RequestEvent) => void) | undefined;
  readonly onResponse?: ((event: ResponseEvent) => void) | undefined;
}

export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
  readonly attempt: number;
}

export interface Transport extends Hooks {
  readonly fetchImpl: FetchLike;
  readonly maxResponseBytes: number;
  readonly dispatcher?: DispatcherLike | undefined;
}

/** A response read whole: what the client acts on. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

// A hook's view of headers: the signature would let whoever reads the log replay the request within its
// request-time window, and the agent-token is a credential.
const REDACTED = new Set(['signature', 'agent-token']);
const record = (headers: Headers, redact = false): Record<string, string> => {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = redact && REDACTED.has(name) ? '[redacted]' : value;
  });
  return out;
};

/** Fetch's own failure (refused, reset, DNS, TLS) as a NetworkError; an abort or anything else as it is. */
const fromFetch = (error: unknown): unknown => (isNetworkFailure(error) ? new NetworkError(error) : error);

/** Sends one request and reads its whole answer, within `maxResponseBytes`, under the request's signal. */
export async function send(transport: Transport, outgoing: Outgoing): Promise<Answer> {
  const { fetchImpl, maxResponseBytes, dispatcher, onRequest, onResponse } = transport;
  const init: RequestInit & { dispatcher?: DispatcherLike } = {
    method: outgoing.method,
    headers: outgoing.headers,
    signal: outgoing.signal,
    redirect: 'manual',
  };
  if (outgoing.body !== undefined) init.body = outgoing.body;
  if (dispatcher !== undefined) init.dispatcher = dispatcher;
  const event = { method: outgoing.method, url: outgoing.url, body: outgoing.body, attempt: outgoing.attempt };
  const headers = onRequest === undefined && onResponse === undefined ? {} : record(outgoing.headers, true);
  onRequest?.({ ...event, headers });
  const started = Date.now();
  const response = await fetchImpl(outgoing.url, init).catch((error: unknown) => Promise.reject(fromFetch(error)));
  let text: string;
  try {
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new RedirectError(response.status, response.headers.get('location'));
    }
    // On the wire: a declared length past the limit is refused unread (a gzip bomb declares its compressed size).
    if (Number(response.headers.get('content-length') ?? 0) > maxResponseBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxResponseBytes, 'content-length');
    }
    // A connection reset mid-body is fetch's own failure too. The limit counts bytes after decompression.
    const bytes = await readBounded(response, maxResponseBytes).catch((error: unknown) =>
      Promise.reject(fromFetch(error)),
    );
    if (bytes === undefined) throw new ResponseTooLargeError(maxResponseBytes, 'body');
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    if (error instanceof StoreApiError) error.headers = response.headers;
    throw error;
  }
  onResponse?.({
    ...event,
    headers,
    status: response.status,
    responseHeaders: record(response.headers),
    responseBody: text,
    durationMs: Date.now() - started,
  });
  return { status: response.status, headers: response.headers, text };
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** An answer as a Response again, for openapi-fetch (the raw client). */
export const toResponse = ({ status, headers, text }: Answer): Response =>
  new Response(NULL_BODY.has(status) ? null : text, { status, headers });

/**
 * Whether an error fetch threw means the request got no HTTP response. By name and code, never `instanceof`: under
 * jest or node:vm the fetch that threw lives in another realm, whose TypeError is not this realm's.
 */
export function isNetworkFailure(error: unknown, depth = 0): boolean {
  // The cause chain is followed at most 8 deep: a chain that loops (a → b → a) must not overflow the stack.
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const { name, code, cause } = error as { name?: unknown; code?: unknown; cause?: unknown };
  if (name === 'TypeError' || name === 'FetchError') return true;
  // System errors (ECONNRESET, ENOTFOUND…) and undici's socket errors (UND_ERR_SOCKET…).
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return true;
  return cause !== undefined && isNetworkFailure(cause, depth + 1);
}
