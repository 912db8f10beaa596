// Step 7: the response, in this order: a script the test queued, then the request's Prefer, then the first settled
// result for its idempotency key (a replay), then the default (SUCCESS, or Prism's first example). A documented
// example comes from the static table (static-answers.ts); Prism answers what varies, and every request in prism
// mode.
import type { OperationContract } from '@store-api/validator';
import { isObject } from '@store-api/validator/contract';
import { headerJson } from '../http.js';
import type { PrismAnswer } from '../prism.js';
import { problem } from '../problem.js';
import type { Scripts } from '../script.js';
import { parsePrefer, type StaticResponse } from '../static-answers.js';
import type { Exchange, ResultHead } from './exchange.js';
import { sameBody } from './remember.js';
import { refuse } from './result.js';

/** A script's step taken for this request. */
type Taken = NonNullable<ReturnType<Scripts['take']>>;

/** The gateway answers JSON whatever Accept says; Prism would negotiate and answer 406. */
const ANSWER_TYPE = 'application/json';

export function choose(exchange: Exchange): Promise<void> | undefined {
  const { context, operation, request } = exchange;
  // A Prefer that names no outcome of the operation is the test's mistake: say which outcomes exist.
  const unknownOutcome = operation === undefined ? undefined : unknownPreference(operation, request.headers.prefer);
  if (unknownOutcome !== undefined) {
    exchange.response = {
      ...problem(400, 'Prefer names no outcome of this operation', unknownOutcome, false),
      source: 'gateway',
      name: 'bad Prefer',
      unstamped: true,
    };
    return undefined;
  }
  const taken = operation === undefined ? undefined : context.scripts.take(operation.operationId, exchange.body);
  const prefer = request.headers.prefer !== undefined && request.headers.prefer !== '';
  const keyField = operation?.idempotencyKey;
  const keyValue =
    keyField !== undefined && typeof exchange.body === 'object' && exchange.body !== null
      ? (exchange.body as Record<string, unknown>)[keyField]
      : undefined;
  const replayKey = typeof keyValue === 'string' ? `${request.headers['client-id'] ?? ''}\u0000${keyValue}` : undefined;
  const earlier = replayKey === undefined ? undefined : context.replays.get(replayKey);
  exchange.earlier = earlier;

  if (taken === undefined && !prefer && earlier !== undefined) {
    if (!sameBody(earlier.bodyKey, request.body, exchange.body))
      exchange.warnings.push(
        `${keyField} ${headerJson(keyValue, 300)} was first used with another body: its first result is replayed and this change is not applied`,
      );
    exchange.response = {
      status: earlier.status,
      headers: { 'x-mock-idempotent-replay': 'true' },
      body: earlier.body,
      source: 'replay',
      name: earlier.code,
      resultStatus: earlier.resultStatus,
    };
    return undefined;
  }
  if (earlier !== undefined) {
    exchange.warnings.push(
      `${taken === undefined ? 'Prefer' : `script ${taken.script}`} overrides the replay: ${keyField} ${headerJson(keyValue, 300)} first settled as ${earlier.code}, which later requests without ${taken === undefined ? 'Prefer' : 'a script'} still get`,
    );
  }
  // An updateStore for a store the mock does not hold: answered as any other, or (unknownStores: fail) as the
  // gateway answers a store never synchronised.
  const { body } = exchange;
  if (taken === undefined && !prefer && operation?.operationId === 'updateStore' && isObject(body)) {
    const held = context.stores.get(String(body.storeId));
    if (held === undefined || held.deleted) {
      const what = held === undefined ? 'not held by the mock' : 'deleted';
      if (context.unknownStores === 'fail') {
        refuse(
          exchange,
          'BIZ_ERROR_NO_RETRY',
          `store ${headerJson(body.storeId, 100)} is ${what} (unknownStores: fail)`,
        );
        return undefined;
      }
      if (held === undefined)
        exchange.warnings.push(
          `store ${headerJson(body.storeId, 100)} was not held by the mock (seed it to test a merge); it is held from this update on`,
        );
    }
  }
  const wanted = taken?.step.outcome;
  const preferred = wanted === undefined ? request.headers.prefer : `example=${wanted}`;
  // A static answer decides here and now; only Prism's is waited for (no promise on the usual path).
  const known =
    context.prismValidates || operation === undefined
      ? undefined
      : context.staticAnswers.answer(operation.operationId, preferred);
  const source = taken !== undefined ? 'script' : prefer ? 'prefer' : 'default';
  if (known !== undefined) {
    decide(exchange, known, source, replayKey, taken);
    return undefined;
  }
  return askPrism(exchange, preferred).then((answer) => decide(exchange, answer, source, replayKey, taken));
}

/** The response chosen (a static answer or Prism's), as the exchange's. */
function decide(
  exchange: Exchange,
  chosen: StaticResponse | PrismAnswer,
  source: 'script' | 'prefer' | 'default',
  replayKey: string | undefined,
  taken: Taken | undefined,
): void {
  const result = (chosen.body as { result?: ResultHead } | undefined)?.result;
  // Serialised once: the replay store keeps this text, and it is what is sent (a static answer comes serialised).
  const text =
    'text' in chosen ? chosen.text : typeof chosen.body === 'string' ? chosen.body : JSON.stringify(chosen.body);
  // Remembered (remember) only if no replay was found for its key.
  exchange.replayKey = replayKey;
  exchange.response = {
    status: chosen.status,
    headers: chosen.headers,
    body: text,
    source,
    name: result?.resultCode ?? String(chosen.status),
    resultStatus: result?.resultStatus,
    script: taken?.script,
    fault: taken?.step.fault,
    result,
  };
}

/** Prism's response, for what the static table cannot give: the request's headers, with the Prefer chosen. */
async function askPrism(exchange: Exchange, prefer: string | undefined) {
  const { request } = exchange;
  // Copied only here, for Prism: a static answer needs no copy of the request's headers.
  const headers: Record<string, string> = {};
  for (const name in request.headers) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (prefer !== undefined) headers.prefer = prefer;
  return (await exchange.context.prism()).answer({
    method: request.method,
    path: exchange.path,
    query: Object.fromEntries(new URLSearchParams(exchange.uri.slice(exchange.path.length))),
    headers: { ...headers, accept: ANSWER_TYPE },
    body: exchange.notJson ? request.body : exchange.body,
  });
}

/** Undefined when `prefer` asks for nothing or for outcomes the operation has; else what is wrong. */
function unknownPreference(operation: OperationContract, prefer: string | undefined): string | undefined {
  if (prefer === undefined) return undefined;
  const wanted = parsePrefer(prefer).parts;
  const statuses = Object.keys(operation.responses);
  const code = wanted.get('code');
  if (code !== undefined && !statuses.includes(code))
    return `Prefer: code=${code} is not a status ${operation.operationId} answers; it answers ${statuses.join(', ')}`;
  const example = wanted.get('example');
  const names = Object.values(operation.responses).flatMap((r) => r.examples.map((e) => e.name));
  if (example !== undefined && !names.includes(example))
    return `Prefer: example=${example} is not an outcome of ${operation.operationId}; its outcomes are ${names.join(', ')}`;
  return undefined;
}
