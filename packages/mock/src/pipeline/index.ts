// The gateway's request path, one step a module, each a function of the exchange (exchange.ts), in order:
//   parse → route → fault → headers → signature → validate → choose   until one of them decides the response;
//   then, whatever decided it: remember → sign → record.
// A bug in any step is a 500, answered and recorded like any other response.
import type { GatewayRequest, GatewayResponse } from '../gateway.js';
import { mockFailed } from '../problem.js';
import { choose } from './choose.js';
import { type Context, type DraftResponse, type Exchange, open, type Step } from './exchange.js';
import { fault } from './fault.js';
import { headers } from './headers.js';
import { parse } from './parse.js';
import { record } from './record.js';
import { remember } from './remember.js';
import { route } from './route.js';
import { sign } from './sign.js';
import { signature } from './signature.js';
import { validate } from './validate.js';

/** The steps that decide the response: the first to set `exchange.response` ends them (choose always does). */
const DECIDE: readonly Step[] = [parse, route, fault, headers, signature, validate, choose];

/** The steps every decided response goes through. */
const SEND: readonly Step[] = [remember, sign, record];

const STEPS: readonly Step[] = [...DECIDE, ...SEND];

export function handle(context: Context, request: GatewayRequest): Promise<GatewayResponse> {
  const exchange = open(context, request);
  try {
    const waiting = run(exchange, 0);
    // A response no step waited for is sent without an async function's frame and a promise per step.
    if (waiting === undefined) return Promise.resolve(sent(exchange.response as DraftResponse));
    return waiting.then(
      () => sent(exchange.response as DraftResponse),
      (thrown: unknown) => failed(exchange, thrown),
    );
  } catch (thrown) {
    return failed(exchange, thrown);
  }
}

/** The steps from `from` on (DECIDE, then SEND), synchronously until one returns a promise, then after it. */
function run(exchange: Exchange, from: number): Promise<void> | undefined {
  for (let at = from; at < STEPS.length; at += 1) {
    // Once a deciding step has decided, the rest of DECIDE is skipped.
    if (at < DECIDE.length && exchange.response !== undefined) at = DECIDE.length;
    const waiting = (STEPS[at] as Step)(exchange);
    if (waiting !== undefined) return waiting.then(() => run(exchange, at + 1));
  }
  return undefined;
}

/** A bug in a step: a 500, signed and recorded like any other response. */
async function failed(exchange: Exchange, thrown: unknown): Promise<GatewayResponse> {
  const { context } = exchange;
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  context.onError?.(error);
  // A request that failed even to parse is recorded as received: not `now()`, the clock may be what failed.
  if (Number.isNaN(exchange.receivedAt)) exchange.receivedAt = Date.now();
  exchange.response = { ...mockFailed(error), source: 'gateway', name: 'mock error', unstamped: true };
  await sign(exchange);
  record(exchange);
  return sent(exchange.response);
}

/** The response as the server sends it: status, headers, the text, and the fault a script asked for. */
function sent({ status, headers, body, fault }: DraftResponse): GatewayResponse {
  return fault === undefined
    ? { status, headers, body: body as string }
    : { status, headers, body: body as string, fault };
}
