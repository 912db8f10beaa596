// The gateway's request path, one step a module, each a function of the exchange (exchange.ts), in order:
//   parse → route → fault → headers → signature → validate → choose   until one of them decides the response;
//   then, whatever decided it: remember → sign → record.
// A bug in any step is a 500, answered and recorded like any other response.
import type { GatewayRequest, GatewayResponse } from '../gateway.js';
import { mockFailed } from '../problem.js';
import { choose } from './choose.js';
import { type Context, type DraftResponse, open, type Step } from './exchange.js';
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

export async function handle(context: Context, request: GatewayRequest): Promise<GatewayResponse> {
  const exchange = open(context, request);
  try {
    for (const step of DECIDE) {
      const waiting = step(exchange);
      if (waiting !== undefined) await waiting;
      if (exchange.response !== undefined) break;
    }
    for (const step of SEND) {
      const waiting = step(exchange);
      if (waiting !== undefined) await waiting;
    }
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    context.onError?.(error);
    // A request that failed even to parse is recorded as received: not `now()`, the clock may be what failed.
    if (Number.isNaN(exchange.receivedAt)) exchange.receivedAt = Date.now();
    exchange.response = { ...mockFailed(error), source: 'gateway', name: 'mock error', unstamped: true };
    await sign(exchange);
    record(exchange);
  }
  return sent(exchange.response as DraftResponse);
}

/** The response as the server sends it: status, headers, the text, and the fault a script asked for. */
function sent({ status, headers, body, fault }: DraftResponse): GatewayResponse {
  return fault === undefined
    ? { status, headers, body: body as string }
    : { status, headers, body: body as string, fault };
}
