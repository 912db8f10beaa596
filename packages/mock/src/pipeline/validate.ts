// Step 6: the body against the contract. The gateway answers PARAM_ILLEGAL naming each field (the headers'
// violations included) and lets unknown fields through with a warning. In prism mode Prism validates, but has no
// bound of its own (a 500,000-item array held the event loop for 27 s): the body's size is checked here first.
import { type ContractViolation, checkBounds, type OperationId } from '@store-api/validator';
import { headerJson } from '../http.js';
import { problem } from '../problem.js';
import type { Exchange } from './exchange.js';
import { refuse } from './result.js';

/** Content-Type as the gateway's JSON: application/json, with parameters or none. */
export const JSON_TYPE = /^application\/json\s*(;|$)/i;

export function validate(exchange: Exchange): void {
  const { context, operation, request } = exchange;
  if (operation === undefined) return;
  if (context.prismValidates) {
    const bound = exchange.notJson ? undefined : checkBounds(exchange.body);
    if (bound === undefined) return;
    exchange.violations.push(bound.message);
    exchange.response = {
      ...problem(422, 'Request body too large to validate', bound.message),
      source: 'gateway',
      name: 'too large',
    };
    return;
  }
  const type = request.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type))
    exchange.warnings.push(
      `header Content-Type: ${type === undefined ? 'missing' : `${headerJson(type, 100)} is not JSON`}; send application/json; charset=UTF-8, as the vendor's pages and SDKs do (what the gateway does with another is not published)`,
    );
  const violations: ContractViolation[] = [...exchange.headerViolations];
  if (request.body.trim() === '')
    violations.push({ field: '(body)', rule: 'required', message: '(body): the body is empty: send a JSON object' });
  else if (exchange.notJson)
    violations.push({ field: '(body)', rule: 'type', message: '(body): must be a JSON document' });
  else {
    const checked = context.validator.validateRequest(operation.operationId as OperationId, exchange.body);
    if (!checked.valid) violations.push(...checked.violations);
    exchange.warnings.push(...checked.warnings.map((w) => w.message));
  }
  if (violations.length === 0) return;
  exchange.violations.push(...violations.map((v) => v.message));
  refuse(exchange, 'PARAM_ILLEGAL', violations);
}
