// The one builder of the mock's problem documents (RFC 9457): the admin API's and the guard's refusals, the proxy's
// own errors, the 500 of a bug in the mock, and the gateway's answers that are the mock's, not the API's.
import type { HttpResponse } from './http.js';

/**
 * `{ title, status, detail }` as `application/problem+json`: `title` says what went wrong, `detail` names the field
 * and the rule. `statusInDocument: false` leaves `status` out of the document, the shape the proxy and the gateway
 * have always sent (their tests pin it); the admin API documents `status` as required.
 */
export function problem(status: number, title: string, detail: string, statusInDocument = true): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(statusInDocument ? { title, status, detail } : { title, detail }),
  };
}

/** The 500 a bug in the mock gets: answered like any other, with the error's message. */
export const mockFailed = (error: Error): HttpResponse =>
  problem(500, 'The mock failed on this request', error.message, false);
