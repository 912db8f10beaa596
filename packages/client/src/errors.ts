// Everything that stops a call from producing a result, as typed errors: `error.kind` tells them apart.

export type StoreApiErrorKind =
  | 'timeout'
  | 'network'
  | 'http-status'
  | 'redirect'
  | 'response-too-large'
  | 'invalid-response'
  | 'signature'
  | 'aborted';

export abstract class StoreApiError extends Error {
  abstract readonly kind: StoreApiErrorKind;
  /** How many attempts were made before giving up (1 when the call was not retried). */
  attempts = 1;
  /** The last answer's headers, when one arrived (not for a timeout, network failure or abort). */
  headers: Headers | undefined;
}

/**
 * An option or key that cannot work, refused by createStoreClient (or by a call, for a call's options) before
 * anything is sent. `option` names it, as you wrote it (`privateKey`, `retry.attempts`).
 */
export class ConfigurationError extends TypeError {
  readonly kind = 'configuration';
  override readonly name = 'ConfigurationError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
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

/**
 * A 3xx answer. Never followed: a redirect would re-send the signed body, with your Client-Id and Signature, to
 * wherever the Location points, and the gateway never redirects. Never retried.
 */
export class RedirectError extends StoreApiError {
  readonly kind = 'redirect';
  override readonly name = 'RedirectError';
  constructor(
    readonly status: number,
    readonly location: string | null,
  ) {
    super(`HTTP ${status} redirect${location === null ? '' : ` to ${location}`}, not followed`);
  }
}

/** A response larger than `maxResponseBytes`, as declared (Content-Length) or as read (after decompression). */
export class ResponseTooLargeError extends StoreApiError {
  readonly kind = 'response-too-large';
  override readonly name = 'ResponseTooLargeError';
  constructor(
    readonly limit: number,
    readonly where: 'content-length' | 'body',
  ) {
    super(
      where === 'content-length'
        ? `the response declares more than maxResponseBytes (${limit} bytes); it was not read`
        : `the response body grew past maxResponseBytes (${limit} bytes); reading stopped there`,
    );
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

const SIGNATURE_PROBLEMS = {
  missing: 'the response carries no signature header (or no client-id/response-time to check it with)',
  invalid: "the response's signature does not verify with the platform public key",
  'client-id': "the response's client-id is not yours: it answers another exchange",
  'response-time': "the response's response-time is outside the allowed skew from your clock",
} as const;

/**
 * With `platformPublicKey`, a 200 response that cannot be trusted: its signature is missing or wrong, or it is
 * signed but not for this exchange (another client-id, a response-time outside `responseTimeSkewMs`). Never retried.
 */
export class SignatureError extends StoreApiError {
  readonly kind = 'signature';
  override readonly name = 'SignatureError';
  constructor(
    readonly reason: keyof typeof SIGNATURE_PROBLEMS,
    detail?: string,
  ) {
    super(`${SIGNATURE_PROBLEMS[reason]}${detail === undefined ? '' : ` (${detail})`}`);
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
