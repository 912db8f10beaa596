// A response's `result`, read as what the caller should do. The advice per code comes from the spec's named
// examples (generated into result-codes.ts); an unknown code is handled by its resultStatus.
import type { Result } from '@store-api/types';
import { RESULT_CODES } from './generated/result-codes.js';

/** The result codes the contract documents for each operation (from its named examples). */
export type ResultCode<OperationId extends keyof typeof RESULT_CODES> = keyof (typeof RESULT_CODES)[OperationId];
export type SyncStoreResultCode = ResultCode<'syncStore'>;
export type UpdateStoreResultCode = ResultCode<'updateStore'>;

/** Any other string: a code from the wire that this client's contract does not document (still autocompletes). */
export type UndocumentedCode = string & Record<never, never>;

/** `known` tells a documented code (typed as the operation's union) from one the contract does not list. */
type Coded<Code extends string> =
  | { readonly known: true; readonly code: Code }
  | { readonly known: false; readonly code: UndocumentedCode };

interface OutcomeFields<Body> {
  readonly message: string | undefined;
  /** What to do about it: the contract's advice for a documented code, the status's for another. */
  readonly advice: string;
  /** The whole response body (it may hold fields added after this client was built). */
  readonly body: Body;
  /** How many attempts the call made. */
  readonly attempts: number;
  /** The last answer's headers. */
  readonly headers: Headers;
  /** The mock's `x-mock-warnings` (what it let through that the gateway may refuse); empty from the gateway. */
  readonly warnings: readonly string[];
}

/** `S` success; `F` failure (never retried); `U` unknown (retried, and still unknown after the last attempt). */
export type Outcome<Body, Code extends string = string> = (
  | { readonly status: 'S' }
  | { readonly status: 'F' }
  | { readonly status: 'U' }
) &
  Coded<Code> &
  OutcomeFields<Body>;

const STATUS_ADVICE = {
  S: 'Done.',
  F: 'The request failed: do not retry it unchanged; fix its cause first.',
  U: 'The outcome is unknown: retry with the same parameters (the same requestId) until the status is S or F.',
} as const;

export function isResult(value: unknown): value is { result: Result } {
  const result = (value as { result?: Partial<Result> } | null)?.result;
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof result.resultCode === 'string' &&
    (result.resultStatus === 'S' || result.resultStatus === 'F' || result.resultStatus === 'U')
  );
}

/** `x-mock-warnings`: a JSON array of strings (JSON, since the mock escapes letters no header may hold words with). */
export function parseWarnings(header: string | null): string[] {
  if (header === null) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
  } catch {}
  return [header];
}

export function toOutcome<Body extends { result: Result }, Code extends string>(
  operationId: keyof typeof RESULT_CODES,
  body: Body,
  attempts: number,
  headers: Headers,
): Outcome<Body, Code> {
  const { resultStatus: status, resultCode: code, resultMessage: message } = body.result;
  const codes: Readonly<Record<string, string>> = RESULT_CODES[operationId];
  // Own keys only: a code from the wire named `constructor` is not documented.
  const documented = Object.hasOwn(codes, code) ? codes[code] : undefined;
  return {
    status,
    code,
    message,
    advice: documented ?? STATUS_ADVICE[status],
    known: documented !== undefined,
    body,
    attempts,
    headers,
    warnings: parseWarnings(headers.get('x-mock-warnings')),
  } as Outcome<Body, Code>;
}
