// Step 10: the request and its response in the journal, which a test reads back; the journal's id goes out in
// `x-mock-journal-id`.
import { checkBounds } from '@store-api/validator';
import type { JournalRecord } from '../journal.js';
import { type DraftResponse, type Exchange, NONE } from './exchange.js';

export function record(exchange: Exchange): void {
  const { context, request } = exchange;
  const response = exchange.response as DraftResponse;
  // Plain assignments, no spread copies: this runs on every request (undefined fields are left out when read).
  const entry: JournalRecord = {
    receivedAt: exchange.receivedAt,
    method: request.method,
    url: request.url,
    operationId: exchange.operation?.operationId,
    headers: request.headers,
    rawBody: request.body,
    // Read back as the parsed body when it is JSON within the validator's bounds (a 10,000-deep document is kept
    // as text only): a body that passed validation is; one that did not is walked again, bounded.
    json:
      !exchange.notJson &&
      exchange.body !== undefined &&
      (exchange.violations.length === 0 || checkBounds(exchange.body) === undefined),
    signature: exchange.signature,
    violations: exchange.violations.length === 0 ? NONE : exchange.violations,
    warnings: exchange.warnings.length === 0 ? NONE : exchange.warnings,
    source: response.source,
    outcome: response.name ?? String(response.status),
    script: response.script,
    status: response.status,
    responseHeaders: response.headers,
    responseBody: response.body as string,
    store: exchange.store,
  };
  response.headers['x-mock-journal-id'] = String(context.journal.add(entry));
}
