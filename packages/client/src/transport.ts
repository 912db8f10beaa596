// The client's one way onto the network: every call, typed or raw, with the platform's fetch or yours. Redirects
// are never followed, and the answer is read whole, within a byte limit, before anything else looks at it.
import { RedirectError, ResponseTooLargeError } from './errors.js';

/** fetch's own shape: the platform's `fetch`, undici's, or a wrapper of yours. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Reads the body up to `limit` bytes (after decompression), cancelling the stream past it. */
async function readBounded(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(limit, 'body');
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** A response read whole: what the client acts on. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Sends one request and reads its whole answer, within `maxResponseBytes`, under the request's signal. */
export async function send(fetchImpl: FetchLike, outgoing: Outgoing, maxResponseBytes: number): Promise<Answer> {
  const init: RequestInit = { method: outgoing.method, headers: outgoing.headers, redirect: 'manual' };
  if (outgoing.body !== undefined) init.body = outgoing.body;
  if (outgoing.signal !== undefined) init.signal = outgoing.signal;
  const response = await fetchImpl(outgoing.url, init);
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new RedirectError(response.status, response.headers.get('location'));
  }
  // On the wire: a declared length past the limit is refused unread (a gzip bomb declares its compressed size).
  if (Number(response.headers.get('content-length') ?? 0) > maxResponseBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxResponseBytes, 'content-length');
  }
  return { status: response.status, headers: response.headers, text: await readBounded(response, maxResponseBytes) };
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** An answer as a Response again, for openapi-fetch (the raw client). */
export const toResponse = ({ status, headers, text }: Answer): Response =>
  new Response(NULL_BODY.has(status) ? null : text, { status, headers });

/**
 * Whether `error` means the request got no HTTP response. By name and code, never `instanceof`: under jest or
 * node:vm the fetch that threw lives in another realm, whose TypeError is not this realm's.
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
