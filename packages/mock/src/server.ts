import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import type { KeyInput } from '@store-api/signing';
import { adminHandle } from './admin.js';
import { createGateway, type GatewayOptions } from './gateway.js';
import { guard } from './guard.js';
import { type CorsOption, GRACE_MS, keepError, type Listening, listen, MockStartError } from './http.js';
import type { JournalEntry, JournalQuery } from './journal.js';
import { MOCK_PLATFORM_PRIVATE_KEY, MOCK_PLATFORM_PUBLIC_KEY } from './platform-test-key.js';
import { checkScript, type Script, type ScriptInput, type ScriptStep } from './script.js';
import type { JsonObject, StoreRecord } from './state.js';
import { makeTlsIdentity, type TlsIdentity } from './tls-certificate.js';

export interface MockOptions extends GatewayOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The largest request body read; a larger one gets HTTP 413 and the connection is closed. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Sign every response (default true), as the real gateway does: the vendor's Python and Go SDKs refuse an answer
   * without a signature. Signed with `platformPrivateKey` when given, else with the published mock platform key
   * (a PUBLIC TEST KEY); `false` sends answers unsigned, for a partner who tests that path.
   */
  readonly signResponses?: boolean;
  /**
   * Serve HTTPS on the mock's port (default false: HTTP). `true` makes a self-signed certificate for 127.0.0.1,
   * ::1 and localhost at start (served at /__admin/tls-certificate); or give a key and certificate (PEM).
   */
  readonly tls?: boolean | TlsIdentity;
  /**
   * Which browser pages may call the mock: `true` any origin, `false` none, or a list of origins, in which
   * `'local'` is this machine's pages and `'null'` pages opened from a file (the store API only, never the admin
   * API). Default: pages served from this machine (localhost, 127.0.0.1, [::1], any port).
   */
  readonly cors?: CorsOption;
  /** Host names besides loopback ones (localhost, 127.0.0.0/8, ::1) the admin API answers to, e.g. a container's. */
  readonly allowedHosts?: readonly string[];
  /** When set, every admin request must send `authorization: Bearer <adminToken>` (a mock on a shared host). */
  readonly adminToken?: string;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:43117`: the client's baseUrl. */
  readonly url: string;
  readonly port: number;
  /**
   * The public key (SPKI PEM) responses are signed with, for the client's `platformPublicKey`; also served at
   * /__admin/platform-key. Undefined when answers are unsigned (`signResponses: false`).
   */
  readonly platformPublicKey: string | undefined;
  /** The HTTPS certificate (PEM) with `tls`, for a client's trusted CAs; also at /__admin/tls-certificate. */
  readonly tlsCertificate: string | undefined;
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
  /**
   * Stops the server and frees the port: at once, or with `graceMs` after letting the requests in flight finish for
   * up to that long (the command does so on SIGTERM and SIGINT, for 5 s).
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
  /**
   * Resolves once the mock has stopped: by `close()`, or by `POST /__admin/shutdown` (which lets the requests in
   * flight finish, 5 s at most). The command exits then: a test in any language can stop a mock it started through
   * `npx`, whose signals do not reach the mock.
   */
  readonly closed: Promise<void>;
}

/** Starts the mock on 127.0.0.1 (a free port unless `port` is given) and resolves once it answers. */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  for (const [clientId, key] of Object.entries(options.clients ?? {})) checkClientKey(clientId, key);
  const signed = options.signResponses !== false;
  const platformPrivateKey = signed ? (options.platformPrivateKey ?? MOCK_PLATFORM_PRIVATE_KEY) : undefined;
  const platformPublicKey = platformPrivateKey === undefined ? undefined : publicKeyOf(platformPrivateKey);
  const tls = options.tls === true ? makeTlsIdentity() : options.tls === false ? undefined : options.tls;
  let server: Listening | undefined;
  const gateway = await createGateway({
    ...options,
    ...(platformPrivateKey === undefined ? {} : { platformPrivateKey }),
    onError: (error) => {
      if (server !== undefined) keepError(server.errors, error);
      options.onError?.(error);
    },
  });
  let stopped: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = (graceMs?: number) => {
    closing ??= (server as Listening).close(graceMs).then(stopped);
    return closing;
  };
  const served = {
    // After the 202 is written: the close waits for that answer like any other in flight.
    shutdown: () => setImmediate(() => void close(GRACE_MS)),
    ...(platformPublicKey === undefined ? {} : { platformPublicKey }),
    ...(tls === undefined ? {} : { tlsCertificate: tls.cert }),
  };
  server = await listen(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    (request) => {
      const refused = guard(request, options);
      if (refused !== undefined) return Promise.resolve(refused);
      const admin = adminHandle(request, gateway, served);
      return admin === undefined ? gateway.handle(request) : Promise.resolve(admin);
    },
    options.maxBodyBytes,
    options.cors,
    tls,
  );
  return {
    url: server.url,
    port: server.port,
    adminUrl: `${server.url}/__admin`,
    platformPublicKey,
    tlsCertificate: tls?.cert,
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
    close: (how = {}) => close(how.graceMs),
    closed,
  };
}

/** The SPKI PEM of a private key (PEM or WebCrypto), or a MockStartError naming what is wrong with it. */
function publicKeyOf(privateKey: KeyInput): string {
  if (privateKey === MOCK_PLATFORM_PRIVATE_KEY) return MOCK_PLATFORM_PUBLIC_KEY;
  try {
    const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : KeyObject.from(privateKey);
    if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa')
      throw new Error(`it is a ${key.type} ${key.asymmetricKeyType ?? ''} key`);
    return createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
  } catch (error) {
    throw new MockStartError(
      `platformPrivateKey must be an RSA private key (PKCS#8 or PKCS#1 PEM): ${(error as Error).message}`,
    );
  }
}

/** A partner's key must be an RSA public key: anything else would answer every request of that client with a 500. */
function checkClientKey(clientId: string, key: KeyInput): void {
  const name = `clients[${JSON.stringify(clientId)}]`;
  if (typeof key !== 'string') {
    if (key.type !== 'public') throw new MockStartError(`${name} must be a public key (got a ${key.type} key)`);
    return;
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
    throw new MockStartError(`${name} is a private key: give the partner's public key`);
  let type: string | undefined;
  try {
    type = createPublicKey(key).asymmetricKeyType;
  } catch (error) {
    throw new MockStartError(`${name} is not a public key in PEM: ${(error as Error).message}`);
  }
  if (type !== 'rsa') throw new MockStartError(`${name} is a ${type} key, not an RSA public key`);
}
