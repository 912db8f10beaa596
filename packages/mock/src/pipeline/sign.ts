// Step 9: the response as sent. Names in lower case, one content-type, the mock's notes; then response-time,
// client-id and the signature, written last.
import { formatTime } from '@store-api/signing';
import { headerJson } from '../http.js';
import type { DraftResponse, Exchange } from './exchange.js';
import { MOCK_HEADER_LIMIT } from './result.js';
import { JSON_TYPE } from './validate.js';

/** The one content-type of every JSON response, fresh, replayed or refused (ERRATA E43). */
const RESPONSE_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** The response headers the gateway writes itself (a response's own are dropped). */
const STAMPED = new Set(['client-id', 'response-time', 'signature', 'content-length']);

/**
 * response-time has whole seconds: formatted once a second, not on every response (what that saves is measured by
 * `npm run bench:mock`).
 */
export class ResponseTime {
  #second = Number.NaN;
  #formatted = '';

  format(date: Date): string {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#formatted = formatTime(new Date(second * 1000));
    }
    return this.#formatted;
  }
}

export function sign(exchange: Exchange): Promise<void> | undefined {
  const { context, request } = exchange;
  // Set by the step that decided it: choose, if none before it did.
  const response = exchange.response as DraftResponse;
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  // Every name in lower case, once: Prism writes `Content-type`, and the Python SDK finds only lower-case names.
  const headers: Record<string, string> = {};
  for (const name in response.headers) {
    const value = response.headers[name] as string;
    const lower = name.toLowerCase();
    if (!STAMPED.has(lower)) headers[lower] = value;
  }
  if (exchange.warnings.length > 0) headers['x-mock-warnings'] = headerJson(exchange.warnings, MOCK_HEADER_LIMIT);
  // One form for every JSON response (fresh, replayed or refused): the form the vendor's SDKs send and document.
  const type = headers['content-type'];
  if (type === undefined || JSON_TYPE.test(type)) headers['content-type'] = RESPONSE_CONTENT_TYPE;
  for (const name in headers) if (name.startsWith('x-mock-')) headers[name] = hideSdkWords(headers[name] as string);
  response.headers = headers;
  response.body = text;
  // response-time on every response; client-id (echoed) and the signature over it when the request named one.
  // Added after the others (only the journal id, which holds neither word, follows): the PHP SDK takes the last
  // header line that holds `signature` or `response-time`, wherever in the line.
  if (response.source === 'fault' || response.unstamped !== undefined) return undefined;
  const time = context.responseTime.format(context.now());
  headers['response-time'] = time;
  const clientId = request.headers['client-id'];
  if (clientId === undefined) return undefined;
  headers['client-id'] = clientId;
  const { signer } = context;
  if (signer === undefined) return undefined;
  // Within one second the same answer to the same caller signs the same string: remembered, not signed again.
  const known = signer.known(request.method, exchange.uri, clientId, time, text);
  if (known !== undefined) {
    headers.signature = known;
    return undefined;
  }
  return signer.header(request.method, exchange.uri, clientId, time, text).then((signature) => {
    headers.signature = signature;
  });
}

/**
 * A mock header's JSON value with the words the vendor's SDKs look for in a header line (`signature`,
 * `response-time`, `client-id`) written with one escaped letter (`\u0073ignature`): the same JSON to any reader,
 * never a line the PHP SDK takes for the signature or the response time.
 */
function hideSdkWords(json: string): string {
  return json.replace(
    /signature|response-time|client-id/g,
    (word) => `\\u00${word.charCodeAt(0).toString(16)}${word.slice(1)}`,
  );
}
