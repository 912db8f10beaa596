// A response's `result`, read as what the caller should do. The advice per code comes from the spec's named
// examples (generated into result-codes.ts); an unknown code is handled by its resultStatus.
import type { Result } from '@store-api/types';
import { RESULT_CODES } from './generated/result-codes.js';

interface OutcomeFields<Body> {
  readonly code: string;
  readonly message: string | undefined;
  /** What to do about it: the contract's advice for a documented code, the status's for another. */
  readonly advice: string;
  /** Whether the contract documents this code for this operation. */
  readonly known: boolean;
  /** The whole response body (it may hold fields added after this client was built). */
  readonly body: Body;
  /** How many attempts the call made. */
  readonly attempts: number;
}

/** `S` success; `F` failure (never retried); `U` unknown (retried, and still unknown after the last attempt). */
export type Outcome<Body> =
  | ({ readonly status: 'S' } & OutcomeFields<Body>)
  | ({ readonly status: 'F' } & OutcomeFields<Body>)
  | ({ readonly status: 'U' } & OutcomeFields<Body>);

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

export function toOutcome<Body extends { result: Result }>(
  operationId: string,
  body: Body,
  attempts: number,
): Outcome<Body> {
  const { resultStatus: status, resultCode: code, resultMessage: message } = body.result;
  const documented = RESULT_CODES[operationId]?.[code];
  return {
    status,
    code,
    message,
    advice: documented ?? STATUS_ADVICE[status],
    known: documented !== undefined,
    body,
    attempts,
  };
}
