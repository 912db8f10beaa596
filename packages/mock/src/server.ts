import { generateKeyPairSync } from 'node:crypto';
import { createGateway, type GatewayOptions } from './gateway.js';
import { listen } from './http.js';

export interface MockOptions extends GatewayOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The largest request body read; a larger one gets HTTP 413 and the connection is closed. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Sign every response with a key pair made at start; its public key is `platformPublicKey`. */
  readonly signResponses?: boolean;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:43117`: the client's baseUrl. */
  readonly url: string;
  readonly port: number;
  /** The public key (SPKI PEM) responses are signed with, for the client's `platformPublicKey`. */
  readonly platformPublicKey: string | undefined;
  /** Each operation with the outcomes `Prefer: example=<name>` selects. */
  readonly outcomes: Readonly<Record<string, readonly string[]>>;
  /** Errors the mock itself hit (each request that hit one was answered with HTTP 500). */
  readonly errors: readonly Error[];
  /** Stops the server and frees the port. */
  close(): Promise<void>;
}

/** Starts the mock on 127.0.0.1 (a free port unless `port` is given) and resolves once it answers. */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  let platformPrivateKey = options.platformPrivateKey;
  let platformPublicKey: string | undefined;
  if (options.signResponses === true && platformPrivateKey === undefined) {
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    platformPrivateKey = pair.privateKey;
    platformPublicKey = pair.publicKey;
  }
  const gateway = await createGateway({
    ...options,
    ...(platformPrivateKey === undefined ? {} : { platformPrivateKey }),
  });
  const server = await listen(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    (request) => gateway.handle(request),
    options.maxBodyBytes,
  );
  const outcomes = Object.fromEntries(
    gateway.operations.map((op) => [op.operationId, (op.responses['200']?.examples ?? []).map((e) => e.name)]),
  );
  return {
    url: server.url,
    port: server.port,
    platformPublicKey,
    outcomes,
    errors: server.errors,
    close: server.close,
  };
}
