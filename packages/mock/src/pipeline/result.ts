// The gateway's own answer to a request it refuses: HTTP 200 with the documented Result for the code, its message
// saying what is wrong, as the real gateway answers (PARAM_ILLEGAL, INVALID_SIGNATURE, INVALID_API, ...).
import type { ContractViolation } from '@store-api/validator';
import { headerJson } from '../http.js';
import type { Context, DraftResponse, Exchange } from './exchange.js';

/** The longest value of an `x-mock-*` header the gateway writes. */
export const MOCK_HEADER_LIMIT = 8_000;

/** Decides the exchange's response: the documented result for `code`, with `problems` as its message. */
export function refuse(exchange: Exchange, code: string, problems: readonly ContractViolation[] | string): void {
  exchange.response = gatewayResult(exchange.context, code, problems);
}

/** The documented result for `code`; its message is the violations (PARAM_ILLEGAL) or its own, then the problems. */
export function gatewayResult(
  context: Context,
  code: string,
  problems: readonly ContractViolation[] | string,
): DraftResponse {
  const messages = typeof problems === 'string' ? [problems] : problems.map((v) => v.message);
  const known = context.documented.get(code);
  const limit = context.validator.limits.resultMessage;
  // PARAM_ILLEGAL's message is the violations themselves; the others keep their documented message first.
  const prefix = (known?.resultMessage ?? code).replace(/\.$/, '');
  const resultMessage =
    code === 'PARAM_ILLEGAL' ? summarise(messages, limit) : summarise([`${prefix}: ${messages.join('; ')}`], limit);
  return {
    status: 200,
    headers: { 'x-mock-violations': headerJson(messages, MOCK_HEADER_LIMIT) },
    body: { result: { resultCode: code, resultStatus: known?.resultStatus ?? 'F', resultMessage } },
    source: 'gateway',
    name: code,
    resultStatus: known?.resultStatus ?? 'F',
  };
}

/** `a; b; c` cut to the Result's resultMessage limit (`limit`, read from the contract), saying how many were left out. */
function summarise(messages: readonly string[], limit: number): string {
  let text = '';
  for (const [index, message] of messages.entries()) {
    const next = text === '' ? message : `${text}; ${message}`;
    const rest = messages.length - index - 1;
    const tail = rest > 0 ? ` (+${rest} more)` : '';
    if (next.length + tail.length > limit) {
      // The first message alone is too long: cut it, counting only the ones after it.
      if (text === '') return `${message.slice(0, limit - tail.length - 1)}…${tail}`;
      return `${text} (+${messages.length - index} more)`;
    }
    text = next;
  }
  return text;
}
