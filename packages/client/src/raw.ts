// The raw openapi-fetch client: the same transport and the same signer (as a middleware). Its own module, imported
// on first use of `client.raw` (client.ts, lazyRaw): the typed calls never need openapi-fetch.
import type { paths } from '@store-api/types';
import createClient, { type Client } from 'openapi-fetch';
import { createSigningMiddleware, type Signer } from './middleware.js';
import { type FetchLike, send, toResponse } from './transport.js';

export interface RawSetup {
  readonly baseUrl: string;
  readonly fetchImpl: FetchLike;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxResponseBytes: number;
  readonly signer: Signer;
}

export function createRawClient({ baseUrl, fetchImpl, headers, maxResponseBytes, signer }: RawSetup): Client<paths> {
  const raw = createClient<paths>({
    baseUrl,
    fetch: async (request: Request) =>
      toResponse(
        await send(
          fetchImpl,
          {
            url: request.url,
            method: request.method,
            headers: request.headers,
            body: request.body === null ? undefined : await request.text(),
            signal: request.signal,
          },
          maxResponseBytes,
        ),
      ),
    headers,
  });
  raw.use(createSigningMiddleware(signer));
  return raw;
}
