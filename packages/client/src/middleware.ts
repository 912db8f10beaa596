// Signs every request and, given the platform's public key, verifies every response: an openapi-fetch
// middleware, so the typed calls and the raw client share it.
import type { Middleware } from 'openapi-fetch';
import { SignatureError } from './errors.js';
import { formatRequestTime, type KeyInput, signRequest, verifyResponseSignature } from './signing.js';

export interface SigningOptions {
  readonly clientId: string;
  readonly privateKey: KeyInput;
  readonly keyVersion?: number | string | undefined;
  /** When given, a response whose signature is missing or wrong is rejected with a SignatureError. */
  readonly platformPublicKey?: KeyInput | undefined;
  /** The clock, for tests. */
  readonly now?: (() => Date) | undefined;
}

const BYTES = Symbol('serialised body');

/**
 * A body serializer that returns bytes already serialised, and lets the signing middleware read them without
 * re-reading the request stream (a stream tee costs as much as a third of an RSA signature).
 */
export function serialisedBody(bytes: string): (() => string) & { readonly [BYTES]: string } {
  return Object.assign(() => bytes, { [BYTES]: bytes });
}

const uriOf = (request: Request) => {
  const url = new URL(request.url);
  return url.pathname + url.search;
};

export function createSigningMiddleware(options: SigningOptions): Middleware {
  const { clientId, privateKey, keyVersion, platformPublicKey, now = () => new Date() } = options;
  const signing: Middleware = {
    async onRequest({ request, options: { bodySerializer } }) {
      // Sign the exact bytes that will be sent: as serialised by the typed calls, else read back from a clone.
      const body = (bodySerializer as { [BYTES]?: string })[BYTES] ?? (await request.clone().text());
      const time = formatRequestTime(now());
      const message = { method: request.method, uri: uriOf(request), clientId, time, body };
      request.headers.set('Client-Id', clientId);
      request.headers.set('Request-Time', time);
      request.headers.set('Signature', await signRequest(message, privateKey, keyVersion));
      return request;
    },
  };
  // Without the platform's key there is nothing to verify: no response hook, no extra await per call.
  if (platformPublicKey === undefined) return signing;
  return {
    ...signing,
    async onResponse({ request, response }) {
      const signature = response.headers.get('Signature');
      const responseClientId = response.headers.get('Client-Id');
      const time = response.headers.get('Response-Time');
      if (signature === null || responseClientId === null || time === null) throw new SignatureError('missing');
      const message = { method: request.method, uri: uriOf(request), clientId: responseClientId, time };
      const body = await response.clone().text();
      if (!(await verifyResponseSignature({ ...message, body }, signature, platformPublicKey))) {
        throw new SignatureError('invalid');
      }
      return undefined;
    },
  };
}
