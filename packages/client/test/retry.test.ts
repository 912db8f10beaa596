// When the client tries again, how long it waits, and when it stops: the backoff formula with an injected random,
// the statuses retried, the deadline, and aborts at every point of a call. Through an injected fetch, no socket.
import { getEventListeners } from 'node:events';
import { generateRsaKeyPair } from '@store-api/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  ConfigurationError,
  createStoreClient,
  HttpStatusError,
  type RetryEvent,
  type RetryPolicy,
  type StoreClientOptions,
  TimeoutError,
} from '../src/index.js';
import { backoffDelay, resolveRetryPolicy } from '../src/retry.js';
import replies from './fixtures/replies.json' with { type: 'json' };
import { json, type Scripted, scriptedFetch } from './support/fetch.js';

const partner = generateRsaKeyPair();
const body = { requestId: 'req-retry', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };
/** Longer than any test may run: a call that waits this long has not stopped when it should have. */
const HOUR = 3_600_000;

const clientFor = (script: Scripted[], extra: Partial<StoreClientOptions> = {}) => {
  const scripted = scriptedFetch(...script);
  const client = createStoreClient({
    baseUrl: 'http://127.0.0.1:4010',
    clientId: 'TEST_5X00000000000000',
    privateKey: partner.privateKey,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    fetch: scripted.fetch,
    ...extra,
  });
  return { client, calls: scripted.calls };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the backoff: full jitter, a random share of base·2^(attempt-1), capped at maxDelayMs', () => {
  const policy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, deadlineMs: 30_000 };
  it.each([
    { attempt: 1, random: 1, want: 200 },
    { attempt: 2, random: 1, want: 400 },
    { attempt: 3, random: 1, want: 800 },
    { attempt: 5, random: 1, want: 3_200 },
    { attempt: 6, random: 1, want: 5_000 },
    { attempt: 20, random: 1, want: 5_000 },
    { attempt: 1, random: 0.5, want: 100 },
    { attempt: 3, random: 0.25, want: 200 },
    { attempt: 6, random: 0.5, want: 2_500 },
    { attempt: 4, random: 0, want: 0 },
  ])('attempt $attempt, random $random: $want ms', ({ attempt, random, want }) => {
    expect(backoffDelay(policy, attempt, () => random)).toBe(want);
  });

  it('draws from Math.random when given no random', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.75);
    expect(backoffDelay(policy, 2)).toBe(300);
  });

  it.each([1, 0.5])('is what the client waits between attempts, as onRetry reports it (random %d)', async (random) => {
    vi.spyOn(Math, 'random').mockReturnValue(random);
    const events: RetryEvent[] = [];
    const { client, calls } = clientFor([json(replies.unknown)], {
      retry: { attempts: 5, baseDelayMs: 2, maxDelayMs: 5 },
      onRetry: (event) => events.push(event),
    });
    const outcome = await client.syncStore(body);
    expect(outcome).toMatchObject({ status: 'U', attempts: 5 });
    expect(calls).toHaveLength(5);
    expect(events.map(({ attempt, delayMs }) => [attempt, delayMs])).toEqual([
      [1, 2 * random],
      [2, 4 * random],
      [3, 5 * random],
      [4, 5 * random],
    ]);
    expect(events.map(({ reason }) => ('status' in reason ? reason.status : reason.kind))).toEqual([
      'U',
      'U',
      'U',
      'U',
    ]);
  });
});

describe('the retry policy', () => {
  it('defaults to 3 attempts, 200 ms base, 5 s cap and a 30 s deadline; false means one attempt', () => {
    const defaults = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000, deadlineMs: 30_000 };
    expect(resolveRetryPolicy(undefined, 'test')).toEqual(defaults);
    expect(resolveRetryPolicy(false, 'test')).toEqual({ ...defaults, attempts: 1 });
    expect(resolveRetryPolicy({ attempts: 7, deadlineMs: 0 }, 'test')).toEqual({
      ...defaults,
      attempts: 7,
      deadlineMs: 0,
    });
  });

  it.each<{ retry: RetryPolicy; option: string; rule: string }>([
    { retry: { attempts: 0 }, option: 'retry.attempts', rule: 'must be a number >= 1 (got 0)' },
    { retry: { attempts: 0.5 }, option: 'retry.attempts', rule: 'must be a number >= 1 (got 0.5)' },
    { retry: { attempts: Number.NaN }, option: 'retry.attempts', rule: 'must be a number >= 1 (got NaN)' },
    { retry: { baseDelayMs: -1 }, option: 'retry.baseDelayMs', rule: 'must be a number >= 0 (got -1)' },
    { retry: { maxDelayMs: -0.5 }, option: 'retry.maxDelayMs', rule: 'must be a number >= 0 (got -0.5)' },
    {
      retry: { deadlineMs: Number.POSITIVE_INFINITY },
      option: 'retry.deadlineMs',
      rule: 'must be a number >= 0 (got Infinity)',
    },
  ])('refuses $option $retry', ({ retry, option, rule }) => {
    const create = () => clientFor([json(replies.success)], { retry });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(`createStoreClient: ${option} ${rule}`);
    expect(() => resolveRetryPolicy(retry, 'syncStore')).toThrow(
      expect.objectContaining({ option, message: `syncStore: ${option} ${rule}` }),
    );
  });

  it.each<RetryPolicy>([{ attempts: 1 }, { baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 0 }])(
    'takes the least values: %o',
    (retry) => {
      expect(() => clientFor([json(replies.success)], { retry })).not.toThrow();
    },
  );
});

describe('which answers are retried', () => {
  // A bare status (no Result) comes from something in front of the gateway: the request may not have reached it.
  it.each([
    { status: 500, retried: true },
    { status: 503, retried: true },
    { status: 599, retried: true },
    { status: 429, retried: true },
    { status: 499, retried: false },
    { status: 428, retried: false },
    { status: 430, retried: false },
    { status: 400, retried: false },
    { status: 201, retried: false },
  ])('a bare HTTP $status: retried $retried', async ({ status, retried }) => {
    const { client, calls } = clientFor([new Response('', { status }), json(replies.success)]);
    const result = client.syncStore(body);
    if (retried) await expect(result).resolves.toMatchObject({ status: 'S', attempts: 2 });
    else {
      const error = await result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error).toMatchObject({ kind: 'http-status', status, body: '', attempts: 1 });
    }
    expect(calls).toHaveLength(retried ? 2 : 1);
  });

  it('gives up after the last attempt with the last failure, counting the attempts', async () => {
    const { client, calls } = clientFor([new Response('busy', { status: 500 })], {
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(client.syncStore(body)).rejects.toMatchObject({ status: 500, body: 'busy', attempts: 4 });
    expect(calls).toHaveLength(4);
  });

  it('retries an attempt that timed out, but not one that ran into the deadline', async () => {
    // The second attempt has the same timeoutMs to sign and answer in: generous, so load cannot make it time out.
    const retried = clientFor(['hang', json(replies.success)], { timeoutMs: 1_000 });
    expect(await retried.client.syncStore(body)).toMatchObject({ status: 'S', attempts: 2 });
    expect(retried.calls).toHaveLength(2);

    const { client, calls } = clientFor(['hang', json(replies.success)], {
      timeoutMs: HOUR,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 20 },
    });
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'deadline', ms: 20, attempts: 1 });
    expect((error as Error).message).toBe('no result within the 20 ms retry deadline');
    expect((error as TimeoutError).cause).toBeUndefined(); // the attempt itself ran into it: no earlier failure
    expect(calls).toHaveLength(1);
  });

  it('ends an attempt at timeoutMs with an attempt TimeoutError, the signal given to fetch aborted', async () => {
    const { client, calls } = clientFor(['hang'], { timeoutMs: 20, retry: false });
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'attempt', ms: 20, attempts: 1 });
    expect((error as Error).message).toBe('no response within 20 ms');
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('takes the call’s own timeoutMs and retry over the client’s', async () => {
    const { client, calls } = clientFor(['hang'], { timeoutMs: HOUR });
    await expect(client.syncStore(body, { timeoutMs: 20, retry: false })).rejects.toMatchObject({
      scope: 'attempt',
      ms: 20,
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
  });
});

describe('the deadline', () => {
  // random() = 1: the next backoff is exactly baseDelayMs, twice the deadline.
  const late = { attempts: 3, baseDelayMs: 2 * HOUR, maxDelayMs: 2 * HOUR, deadlineMs: HOUR };

  it('hands back the U it has when the next backoff would outlast the deadline, without waiting', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const onRetry = vi.fn();
    const { client, calls } = clientFor([json(replies.unknown)], { retry: late, onRetry });
    expect(await client.syncStore(body)).toMatchObject({ status: 'U', attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('does not begin a backoff that would end exactly at the deadline', async () => {
    // The clock stands still, so the one backoff (random() = 1: exactly baseDelayMs) ends at the deadline itself.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { client, calls } = clientFor([json(replies.unknown)], {
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 50, deadlineMs: 50 },
    });
    expect(await client.syncStore(body)).toMatchObject({ status: 'U', attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('ends with a deadline TimeoutError carrying the last failure, when the next backoff would outlast it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { client, calls } = clientFor([new Response('busy', { status: 503 })], { retry: late });
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', ms: HOUR, attempts: 1 });
    expect((error as TimeoutError).cause).toBeInstanceOf(HttpStatusError);
    expect((error as TimeoutError).cause).toMatchObject({ status: 503, attempts: 1 });
    expect(calls).toHaveLength(1);
  });
});

describe('aborts', () => {
  const waiting = { attempts: 3, baseDelayMs: HOUR, maxDelayMs: HOUR, deadlineMs: 2 * HOUR };

  it('ends the backoff wait at once when the caller aborts during it, leaving no timer or listener behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const { client, calls } = clientFor([json(replies.unknown)], {
      retry: waiting,
      // Called just before the wait begins: the abort lands while the client waits.
      onRetry: () => queueMicrotask(() => controller.abort(reason)),
    });
    const error = await client.syncStore(body, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1, message: 'the call was aborted' });
    expect((error as AbortedError).cause).toBe(reason);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('counts the attempts made before an abort in a later wait', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const controller = new AbortController();
    const { client, calls } = clientFor([json(replies.unknown)], {
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      onRetry: ({ attempt }) => {
        if (attempt === 2) controller.abort(new Error('user gave up'));
      },
    });
    await expect(client.syncStore(body, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
      attempts: 2,
    });
    expect(calls).toHaveLength(2);
  });

  it('reports an answer that arrived, though the caller aborted while it was read', async () => {
    const controller = new AbortController();
    const { client } = clientFor([new Response('bad', { status: 400 })], {
      onResponse: () => controller.abort(new Error('too late')),
    });
    await expect(client.syncStore(body, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'http-status',
      status: 400,
    });
  });

  it('does not begin the backoff wait when the caller aborted before it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const { client, calls } = clientFor([new Response('', { status: 503 })], {
      retry: waiting,
      onRetry: () => controller.abort(reason),
    });
    const error = await client.syncStore(body, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect((error as AbortedError).cause).toBe(reason);
    expect(calls).toHaveLength(1);
  });

  it('aborts the request in flight with the caller’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const { client, calls } = clientFor(['hang'], {
      timeoutMs: HOUR,
      retry: waiting,
      onRequest: () => queueMicrotask(() => controller.abort(reason)),
    });
    const error = await client.syncStore(body, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect((error as AbortedError).cause).toBe(reason);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.signal?.reason).toBe(reason);
  });

  it('sends a request whose signal is already aborted with fetch’s signal aborted too', async () => {
    const reason = new Error('gave up before calling');
    const { client, calls } = clientFor(['hang'], { timeoutMs: HOUR, retry: waiting });
    const error = await client.syncStore(body, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect((error as AbortedError).cause).toBe(reason);
    expect(calls[0]?.init.signal?.reason).toBe(reason);
  });

  it('leaves no listener on a signal the caller keeps for many calls', async () => {
    const controller = new AbortController();
    const { client, calls } = clientFor([json(replies.unknown), json(replies.success)]);
    for (let i = 0; i < 3; i++) await client.syncStore(body, { signal: controller.signal });
    expect(calls).toHaveLength(4); // a U, then an S for every call: the first waited out a backoff
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
