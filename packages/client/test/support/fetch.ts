// An injected fetch that answers from a script (openapi-fetch's tests do the same): no socket, and every call it
// was given kept for the test to read.
import type { FetchLike } from '../../src/index.js';

/**
 * One answer: a Response (or a function making one), an error to reject with, or `hang`, which answers nothing and
 * rejects with the signal's reason once the request is aborted, as the platform's fetch does.
 */
export type Scripted = Response | Error | 'hang' | ((init: RequestInit, url: string) => Response | Promise<Response>);

export interface ScriptedFetch {
  readonly fetch: FetchLike;
  /** What each call was given, in order. */
  readonly calls: { url: string; init: RequestInit }[];
}

/** Answers the nth call with the nth entry; the last entry answers every call after it. */
export function scriptedFetch(...script: Scripted[]): ScriptedFetch {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const next = script[Math.min(calls.length, script.length) - 1];
    if (next === undefined) throw new Error('scriptedFetch: an empty script');
    if (next instanceof Error) throw next;
    if (next instanceof Response) return next.clone();
    if (next === 'hang')
      return new Promise<Response>((_resolve, reject) => {
        const { signal } = init;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    return next(init, url);
  };
  return { fetch, calls };
}

/** A JSON answer with status 200, as the gateway sends a result. */
export const json = (body: unknown, headers: Record<string, string> = {}): Response => Response.json(body, { headers });
