// Step 5: the request's Signature, verified against the partner's public key when the mock holds keys; when it
// holds none, only the headers' presence counts (headers). A failure is INVALID_SIGNATURE with a diagnosis a test
// reads in `x-mock-diagnosis` and in the journal: the string verified (its bytes and SHA-256), the key's
// fingerprint, and the likely cause.
import { diagnoseSignature, verify } from '@store-api/signing';
import { headerJson } from '../http.js';
import type { SignatureVerdict } from '../journal.js';
import type { Exchange } from './exchange.js';
import { gatewayResult, MOCK_HEADER_LIMIT, refuse } from './result.js';

/** The verdict when the mock holds no keys: one shared object, as every request without a key check gets it. */
const UNCHECKED: SignatureVerdict = Object.freeze({ checked: false, valid: true });

export function signature(exchange: Exchange): Promise<void> | undefined {
  // In prism mode a path that names no operation is Prism's 404, checked no further.
  if (exchange.operation === undefined) return undefined;
  if (exchange.context.clients === undefined) {
    exchange.signature = UNCHECKED;
    return undefined;
  }
  return verifySignature(exchange);
}

async function verifySignature(exchange: Exchange): Promise<void> {
  const { request, uri, context } = exchange;
  const clientId = request.headers['client-id'];
  const time = request.headers['request-time'];
  const header = request.headers.signature;
  if (clientId === undefined || time === undefined || header === undefined) {
    exchange.signature = { checked: true, valid: false };
    refuse(exchange, 'INVALID_SIGNATURE', 'Client-Id, Request-Time and Signature are all required');
    return;
  }
  const publicKey = context.clients?.get(clientId);
  const message = { method: request.method.toUpperCase(), uri, clientId, time, body: request.body };
  if (publicKey !== undefined && (await verify(message, header, publicKey).catch(() => false))) {
    exchange.signature = { checked: true, valid: true };
    return;
  }
  const host = request.headers.host;
  const diagnosis = await diagnoseSignature({
    message,
    signatureHeader: header,
    publicKey,
    ...(host === undefined ? {} : { host }),
  });
  const response = gatewayResult(context, 'INVALID_SIGNATURE', diagnosis.reason);
  const { valid: _valid, ...shown } = diagnosis;
  exchange.signature = { checked: true, valid: false, diagnosis: shown };
  response.headers['x-mock-diagnosis'] = headerJson(shown, MOCK_HEADER_LIMIT);
  exchange.response = response;
}
