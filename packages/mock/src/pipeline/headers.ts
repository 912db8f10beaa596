// Step 4: the headers the contract requires. A missing Client-Id, Request-Time or Signature is INVALID_SIGNATURE,
// as the gateway answers it; any other header violation is reported with the body's (validate). In prism mode
// Prism checks them.
import type { OperationId } from '@store-api/validator';
import type { Exchange } from './exchange.js';
import { refuse } from './result.js';

export function headers(exchange: Exchange): void {
  const { context, operation } = exchange;
  if (context.prismValidates || operation === undefined) return;
  const checked = context.validator.validateHeaders(operation.operationId as OperationId, exchange.request.headers);
  if (checked.valid) return;
  const missing = checked.violations.filter((v) => v.rule === 'required');
  if (missing.length > 0) {
    exchange.violations.push(...missing.map((v) => v.message));
    refuse(exchange, 'INVALID_SIGNATURE', missing);
    return;
  }
  exchange.headerViolations = checked.violations;
}
