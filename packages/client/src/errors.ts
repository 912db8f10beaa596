// Everything that stops a call from producing a result, as typed errors: `error.kind` tells them apart.

export type StoreApiErrorKind = 'timeout' | 'network' | 'http-status' | 'invalid-response' | 'signature' | 'aborted';

export abstract class StoreApiError extends Error {
  abstract readonly kind: StoreApiErrorKind;
  /** How many attempts were made before giving up (1 when the call was not retried). */
  attempts = 1;
}

/** An attempt took longer than `timeoutMs`, or the whole call outlived the retry deadline. */
export class TimeoutError extends StoreApiError {
  readonly kind = 'timeout';
  override readonly name = 'TimeoutError';
  constructor(
    readonly scope: 'attempt' | 'deadline',
    readonly ms: number,
  ) {
    super(scope === 'attempt' ? `no response within ${ms} ms` : `no result within the ${ms} ms retry deadline`);
  }
}

/** The request never got an HTTP response: connection refused or reset, DNS failure, TLS error. */
export class NetworkError extends StoreApiError {
  readonly kind = 'network';
  override readonly name = 'NetworkError';
  constructor(cause: unknown) {
    const detail =
      cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(`the request got no response: ${detail}`, { cause });
  }
}

/** The gateway answered with an HTTP status other than 200 (it reports every API outcome with 200). */
export class HttpStatusError extends StoreApiError {
  readonly kind = 'http-status';
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status} instead of 200${body ? `: ${body.slice(0, 300)}` : ''}`);
  }
}

/** A 200 response whose body is not JSON, or holds no valid `result`. */
export class InvalidResponseError extends StoreApiError {
  readonly kind = 'invalid-response';
  override readonly name = 'InvalidResponseError';
  constructor(
    readonly reason: string,
    readonly body: string,
  ) {
    super(`the response is not a valid result: ${reason}`);
  }
}

/** A response whose `Signature` is missing or does not verify with the platform's public key. Never retried. */
export class SignatureError extends StoreApiError {
  readonly kind = 'signature';
  override readonly name = 'SignatureError';
  constructor(readonly reason: 'missing' | 'invalid') {
    super(
      reason === 'missing'
        ? 'the response carries no Signature header (or no Client-Id/Response-Time to check it with)'
        : "the response's Signature does not verify with the platform public key",
    );
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortedError extends StoreApiError {
  readonly kind = 'aborted';
  override readonly name = 'AbortedError';
  constructor(cause: unknown) {
    super('the call was aborted', { cause });
  }
}
