import { generateKeyPairSync } from 'node:crypto';
import { adminHandle } from './admin.js';
import { createGateway, type GatewayOptions } from './gateway.js';
import { type CorsOption, listen } from './http.js';
import type { JournalEntry, JournalQuery } from './journal.js';
import { checkScript, type Script, type ScriptInput, type ScriptStep } from './script.js';
import type { JsonObject, StoreRecord } from './state.js';

export interface MockOptions extends GatewayOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The largest request body read; a larger one gets HTTP 413 and the connection is closed. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Sign every response with a key pair made at start; its public key is `platformPublicKey`. */
  readonly signResponses?: boolean;
  /**
   * Which browser pages may call the mock: `true` any origin, `false` none, or a list of origins. Default: pages
   * served from this machine (localhost, 127.0.0.1, [::1], any port).
   */
  readonly cors?: CorsOption;
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
  /** The admin HTTP API's base URL (`<url>/__admin`): the same features for a test in any language. */
  readonly adminUrl: string;
  /**
   * Queues answers for the next matching requests, e.g. `script('syncStore', ['UNKNOWN_EXCEPTION',
   * 'UNKNOWN_EXCEPTION', 'SUCCESS'])`, or a fault: `script('updateStore', [{ fault: { kind: 'reset' } }], { match:
   * { storeId: 's-1' } })`. Scripts come before Prefer, which comes before replays. Throws naming a bad field.
   */
  script(operationId: string, steps: readonly ScriptStep[], options?: Pick<ScriptInput, 'match' | 'times'>): Script;
  /** The scripts in force, with how many requests each has answered. */
  scripts(): Script[];
  /** The requests received, oldest first (filtered by operation, outcome, body fields; the newest `limit`). */
  requests(query?: JournalQuery): JournalEntry[];
  /** Empties the journal. */
  clearRequests(): void;
  /** A store the mock holds: `storeId`, or `posAccountId/posStoreId` for a syncStore one. */
  store(key: string): StoreRecord | undefined;
  stores(): StoreRecord[];
  /** Makes the mock hold a store, as if it existed already (an updateStore then merges into it). */
  seedStore(key: string, document: JsonObject): StoreRecord;
  /** Forgets scripts, journal, stores and replays: call it between tests. */
  reset(): void;
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
    (request) => {
      const admin = adminHandle(request, gateway);
      return admin === undefined ? gateway.handle(request) : Promise.resolve(admin);
    },
    options.maxBodyBytes,
    options.cors,
  );
  return {
    url: server.url,
    port: server.port,
    adminUrl: `${server.url}/__admin`,
    platformPublicKey,
    outcomes: gateway.outcomes,
    errors: server.errors,
    script: (operationId, steps, more = {}) =>
      gateway.scripts.add(checkScript({ operationId, steps, ...more }, gateway.outcomes)),
    scripts: () => gateway.scripts.list(),
    requests: (query) => gateway.journal.find(query),
    clearRequests: () => gateway.journal.clear(),
    store: (key) => gateway.stores.get(key),
    stores: () => gateway.stores.list(),
    seedStore: (key, document) => gateway.stores.seed(key, document),
    reset: () => gateway.reset(),
    close: server.close,
  };
}
