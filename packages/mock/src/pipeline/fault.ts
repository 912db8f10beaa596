// Step 3: a scripted transport fault (a reset, an empty or truncated response, a hang, a proxy's HTTP error) happens
// before the gateway looks at the request, as the network or a proxy in front of it would. A delay is not decided
// here: it comes with the response chosen later.
import type { Exchange } from './exchange.js';

export function fault(exchange: Exchange): void {
  const { context, operation, body } = exchange;
  if (operation === undefined) return;
  const scripted = context.scripts.peekFault(operation.operationId, body);
  if (scripted === undefined || scripted.kind === 'delay') return;
  const taken = context.scripts.take(operation.operationId, body);
  if (scripted.kind === 'http') {
    // What a load balancer or rate limiter sends: its own status and page, no Result, no signature.
    const text =
      scripted.status === 429 ? 'Too Many Requests' : scripted.status === 502 ? 'Bad Gateway' : 'Service Unavailable';
    exchange.response = {
      status: scripted.status,
      headers: { 'content-type': 'text/html', ...(scripted.status === 429 ? { 'retry-after': '1' } : {}) },
      body: `<html><body><h1>${scripted.status} ${text}</h1></body></html>`,
      source: 'fault',
      name: `http ${scripted.status}`,
      ...(taken === undefined ? {} : { script: taken.script }),
    };
    return;
  }
  exchange.response = {
    status: 200,
    headers: {},
    body: '',
    source: 'fault',
    name: scripted.kind,
    fault: scripted,
    ...(taken === undefined ? {} : { script: taken.script }),
  };
}
