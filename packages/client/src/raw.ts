// The raw openapi-fetch client: the same transport and the same signer (as a middleware). Its own module, imported
// on first use of `client.raw` (client.ts, lazyRaw): the typed calls never need openapi-fetch.
import type { paths } from '@store-api/types';
import createClient, { type Client } from 'openapi-fetch';
import { createSigningMiddleware, type Signer } from './middleware.js';
import { send, type Transport, toResponse } from './transport.js';

export interface RawSetup {
  readonly baseUrl: string;
  /** With `environment`: each path's server there (a path it does not list goes to `baseUrl`); none with `baseUrl`. */
  readonly servers: Readonly<Record<string, string>>;
  readonly transport: Transport;
  readonly headers: Readonly<Record<string, string>>;
  readonly signer: Signer;
}

export function createRawClient({ baseUrl, servers, transport, headers, signer }: RawSetup): Client<paths> {
  const raw = createClient<paths>({
    baseUrl,
    fetch: async (request: Request) => {
      const { pathname, search } = new URL(request.url);
      const server = servers[pathname];
      return toResponse(
        await send(transport, {
          url: server === undefined ? request.url : `${server}${pathname}${search}`,
          method: request.method,
          headers: request.headers,
          body: request.body === null ? undefined : await request.text(),
          signal: request.signal,
          attempt: 1,
        }),
      );
    },
    headers,
  });
  raw.use(createSigningMiddleware(signer));
  return raw;
}
