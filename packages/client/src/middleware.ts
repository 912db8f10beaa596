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

const uriOf = (request: Request) => {
  const url = new URL(request.url);
  return url.pathname + url.search;
};

export function createSigningMiddleware(options: SigningOptions): Middleware {
  const { clientId, privateKey, keyVersion, platformPublicKey, now = () => new Date() } = options;
  return {
    async onRequest({ request }) {
      // Sign the exact bytes that will be sent: the body as serialised, read back from a clone.
      const body = await request.clone().text();
      const time = formatRequestTime(now());
      const message = { method: request.method, uri: uriOf(request), clientId, time, body };
      request.headers.set('Client-Id', clientId);
      request.headers.set('Request-Time', time);
      request.headers.set('Signature', await signRequest(message, privateKey, keyVersion));
      return request;
    },
    async onResponse({ request, response }) {
      if (platformPublicKey === undefined) return undefined;
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
