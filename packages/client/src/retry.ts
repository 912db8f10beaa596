// When to try again, how long to wait, and when to stop.
import { check } from './options.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 3. */
  readonly attempts?: number;
  /** The first backoff's ceiling; each next one doubles it. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** No backoff waits longer than this. Default 5 000 ms. */
  readonly maxDelayMs?: number;
  /** The whole call, retries and waits included, ends by then. Default 30 000 ms. */
  readonly deadlineMs?: number;
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export function resolveRetryPolicy(policy: RetryPolicy | false | undefined, where: string): ResolvedRetryPolicy {
  const resolved = {
    attempts: 3,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    deadlineMs: 30_000,
    ...(policy === false ? { attempts: 1 } : policy),
  };
  for (const [name, value] of Object.entries(resolved)) {
    const least = name === 'attempts' ? 1 : 0;
    check(
      Number.isFinite(value) && value >= least,
      where,
      `retry.${name}`,
      `must be a number >= ${least} (got ${value})`,
    );
  }
  return resolved;
}

/** Exponential backoff with full jitter: a random wait up to base·2^(attempt-1), capped. */
export function backoffDelay(policy: ResolvedRetryPolicy, attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
