// Step 1: the request's target split into path and query, and its body read as JSON.
import type { Exchange } from './exchange.js';

/** A plain origin-form target, split by hand: nothing a URL parser would rewrite. */
const PLAIN_TARGET = /^\/[A-Za-z0-9/_-]*(\?[^#%]*)?$/;

export function parse(exchange: Exchange): void {
  const { request, context } = exchange;
  // A plain target (`/v2/pos/syncStore`, the usual case) is split by hand; anything a URL parser would rewrite
  // (percent-escapes, dot segments, an absolute form) goes through one, which costs more: `npm run bench:mock`
  // measures the difference.
  const plain = PLAIN_TARGET.test(request.url) && !request.url.includes('//');
  const url = plain ? undefined : new URL(request.url, 'http://mock');
  const at = request.url.indexOf('?');
  const path = url?.pathname ?? (at < 0 ? request.url : request.url.slice(0, at));
  const search = url?.search ?? (at < 0 || at === request.url.length - 1 ? '' : request.url.slice(at));
  let body: unknown;
  let notJson = false;
  try {
    body = request.body === '' ? undefined : JSON.parse(request.body);
  } catch {
    notJson = true;
  }
  // Written only once all is read: a request that fails here is recorded as received (exchange.ts).
  exchange.receivedAt = context.now().getTime();
  exchange.uri = path + search;
  exchange.path = path;
  exchange.body = body;
  exchange.notJson = notJson;
}
