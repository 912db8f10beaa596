// Signs every request and, given the platform's public key, verifies every answer. One signer: the typed calls use
// it directly, and the raw openapi-fetch client through the middleware built on it.

import { createSignatureHeader, formatTime, type KeyInput, parseTime, verify } from '@store-api/signing';
import type { Middleware } from 'openapi-fetch';
import { SignatureError } from './errors.js';
import type { Answer } from './transport.js';

export interface SigningOptions {
  readonly clientId: string;
  readonly privateKey: KeyInput;
  readonly keyVersion?: number | string | undefined;
  /** When given, a 200 answer whose signature is missing, wrong or not for this exchange is a SignatureError. */
  readonly platformPublicKey?: KeyInput | undefined;
  /** How far an answer's response-time may be from this clock. Default 300 000 ms (5 minutes). */
  readonly responseTimeSkewMs?: number | undefined;
  /** The clock, for tests. */
  readonly now?: (() => Date) | undefined;
}

export interface Signer {
  /** Sets client-id, request-time and signature on `headers`, for exactly these bytes. */
  sign(headers: Headers, method: string, uri: string, body: string): Promise<void>;
  /** Throws a SignatureError unless the 200 answer is signed by the platform, for this client, now. */
  verify(method: string, uri: string, answer: Answer): Promise<void>;
}

export function createSigner(options: SigningOptions): Signer {
  const { clientId, privateKey, keyVersion, platformPublicKey, now = () => new Date() } = options;
  const skew = options.responseTimeSkewMs ?? 300_000;
  return {
    async sign(headers, method, uri, body) {
      const time = formatTime(now());
      headers.set('client-id', clientId);
      headers.set('request-time', time);
      headers.set(
        'signature',
        await createSignatureHeader({ method, uri, clientId, time, body }, privateKey, keyVersion),
      );
    },
    async verify(method, uri, { status, headers, text }) {
      // Only the gateway's own answers are signed: a 5xx or 429 from a proxy in front of it is judged by its status.
      if (platformPublicKey === undefined || status !== 200) return;
      const signature = headers.get('signature');
      const responseClientId = headers.get('client-id');
      const time = headers.get('response-time');
      if (signature === null || responseClientId === null || time === null) throw new SignatureError('missing');
      const message = { method, uri, clientId: responseClientId, time, body: text };
      if (!(await verify(message, signature, platformPublicKey))) throw new SignatureError('invalid');
      // Signed, but for this exchange? A replayed answer for another client, or from long ago, is not.
      if (responseClientId !== clientId)
        throw new SignatureError('client-id', `${JSON.stringify(responseClientId)}, not ${JSON.stringify(clientId)}`);
      const offset = parseTime(time) - now().getTime();
      if (!(Math.abs(offset) <= skew))
        throw new SignatureError(
          'response-time',
          `${time}, ${Number.isNaN(offset) ? 'not a time' : `${Math.round(offset / 1000)} s off`}; responseTimeSkewMs is ${skew}`,
        );
    },
  };
}

export const uriOf = (url: string): string => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** The signer as an openapi-fetch middleware, for the raw client (its fetch is the client's transport). */
export function createSigningMiddleware(options: SigningOptions | Signer): Middleware {
  const signer = 'sign' in options ? options : createSigner(options);
  return {
    async onRequest({ request }) {
      await signer.sign(request.headers, request.method, uriOf(request.url), await request.clone().text());
      return request;
    },
    async onResponse({ request, response }) {
      // The transport has read the body already: this clone is in memory, and bounded.
      const answer = { status: response.status, headers: response.headers, text: await response.clone().text() };
      await signer.verify(request.method, uriOf(request.url), answer);
      return undefined;
    },
  };
}
