// What the real gateway does that Prism alone does not, as one request pipeline in front of Prism (its steps, one
// module each, are listed in pipeline/index.ts): parse → route → transport fault? → check headers and signature →
// validate → choose the outcome (script, Prefer, replay, the default) → remember (replays, stores) → sign → record
// in the journal → send.
// Every API outcome is HTTP 200 with a Result; bad parameters get PARAM_ILLEGAL naming each field; missing or wrong
// signatures get INVALID_SIGNATURE (with a diagnosis); syncStore replays the first settled result for a requestId;
// responses carry client-id, response-time and, when the mock holds a key, a valid signature, in lower case as
// every vendor SDK reads them. A test steers it with scripts, reads the journal and the stores it holds.
import type { KeyInput } from '@store-api/signing';
import { createValidator, documentedResults, type OperationContract } from '@store-api/validator';
import { IdempotencyStore } from './idempotency.js';
import { Journal } from './journal.js';
import type { Context } from './pipeline/exchange.js';
import { handle } from './pipeline/index.js';
import { ResponseTime } from './pipeline/sign.js';
import type { PrismEngine } from './prism.js';
import { ResponseSigner } from './response-signer.js';
import { type Fault, Scripts } from './script.js';
import { StoreState } from './state.js';
import { StaticAnswers } from './static-answers.js';

/**
 * Who judges a request: `gateway`, the contract's validator answering as the real gateway does; `prism`, Prism's
 * own validator and its problem documents. `strict` is the old name of `prism` (it read as "the stricter of the
 * two", which it is not: the gateway mode reports more), still accepted.
 */
export type ValidationMode = 'gateway' | 'prism' | 'strict';

export interface GatewayOptions {
  /**
   * `gateway` (default): a request that breaks the contract gets what the real API sends, HTTP 200 with
   * PARAM_ILLEGAL (or INVALID_SIGNATURE, INVALID_API). `prism` (formerly `strict`): Prism's 401/404/422 problem
   * documents.
   */
  readonly validation?: ValidationMode;
  /** Partners' public keys by Client-Id. When given, every request's Signature is verified against them. */
  readonly clients?: Readonly<Record<string, KeyInput>>;
  /**
   * The platform's private key: when given, every response is signed with it. The gateway alone signs nothing;
   * `startMock` gives it the published mock platform key unless told otherwise.
   */
  readonly platformPrivateKey?: KeyInput;
  /** How many requestIds the idempotency store remembers (oldest forgotten first). Default 10 000. */
  readonly idempotencyEntries?: number;
  /** How many bytes the idempotency store may hold (oldest forgotten first). Default 16 MiB. */
  readonly idempotencyBytes?: number;
  /**
   * Report fields the contract does not know, in objects whose full field list the vendor does not publish, as
   * PARAM_ILLEGAL instead of letting them through with an `x-mock-warnings` header. Default false.
   */
  readonly warningsAsErrors?: boolean;
  /**
   * An updateStore for a store the mock does not hold (never seeded, created or updated here, or deleted).
   * `accept` (default): answered as any other, with a warning, and held from then on: the real gateway knows
   * stores the mock cannot (made in the merchant portal, say). `fail`: BIZ_ERROR_NO_RETRY, as the gateway answers
   * a store that was never synchronised.
   */
  readonly unknownStores?: 'accept' | 'fail';
  /** How many requests the journal keeps (oldest forgotten first). Default 500; 0 keeps none. */
  readonly journalEntries?: number;
  /** How many bytes the journal may hold (oldest forgotten first). Default 8 MiB. */
  readonly journalBytes?: number;
  /** How many stores the mock holds (the one changed longest ago forgotten first). Default 10 000. */
  readonly maxStores?: number;
  /** How many bytes (as JSON) the stores may hold together (the one changed longest ago forgotten first). Default 64 MiB. */
  readonly maxStoreBytes?: number;
  /** How many bytes (as JSON) the scripts in force may hold together; a script past it is refused. Default 4 MiB. */
  readonly scriptBytes?: number;
  /** Told of each error the mock itself hits (the request is answered with HTTP 500, recorded in the journal). */
  readonly onError?: (error: Error) => void;
  /** The clock, for Response-Time. */
  readonly now?: () => Date;
}

export interface GatewayRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** What the transport does instead of (or, for a delay, before) sending the answer. */
  readonly fault?: Fault;
}

export interface Gateway {
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** The operations served, with the names of their response examples (the outcomes `Prefer: example=` reaches). */
  readonly operations: readonly OperationContract[];
  /** Each operation with its outcomes' names. */
  readonly outcomes: Readonly<Record<string, readonly string[]>>;
  readonly scripts: Scripts;
  readonly journal: Journal;
  readonly stores: StoreState;
  /** Forgets the scripts, the journal, the stores and the remembered replays: a clean mock for the next test. */
  reset(): void;
}

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const prismValidates = options.validation === 'prism' || options.validation === 'strict';
  const validator = createValidator(undefined, { warningsAsErrors: options.warningsAsErrors === true });
  // Prism answers only what the static table cannot (static-answers.ts): loaded on first use, except in prism mode,
  // where it checks every request, so it loads now and a failure to load stops the start.
  let prismEngine: Promise<PrismEngine> | undefined;
  const prism = () =>
    (prismEngine ??= import('./prism.js').then(({ createPrismEngine }) =>
      createPrismEngine({ validateRequest: prismValidates }),
    ));
  if (prismValidates) await prism();
  // The documented results, by code, from the spec's named examples: the gateway's own answers reuse them, and
  // the idempotency layer skips the answers the spec marks `x-idempotency: not-remembered`.
  const documented = new Map<string, { resultStatus: string; resultMessage: string }>();
  const notRemembered = new Set<string>();
  for (const operation of validator.operations) {
    for (const result of documentedResults(operation)) {
      if (!documented.has(result.resultCode)) documented.set(result.resultCode, result);
      if (result.idempotency === 'not-remembered') notRemembered.add(result.resultCode);
    }
  }
  const context: Context = {
    prismValidates,
    validator,
    prism,
    staticAnswers: new StaticAnswers(validator.operations),
    replays: new IdempotencyStore(options.idempotencyEntries ?? 10_000, options.idempotencyBytes ?? 16 * 1024 * 1024),
    journal: new Journal(options.journalEntries, options.journalBytes),
    stores: new StoreState(options.maxStores, options.maxStoreBytes),
    scripts: new Scripts(options.scriptBytes),
    clients: options.clients === undefined ? undefined : new Map(Object.entries(options.clients)),
    signer: options.platformPrivateKey === undefined ? undefined : new ResponseSigner(options.platformPrivateKey),
    responseTime: new ResponseTime(),
    unknownStores: options.unknownStores ?? 'accept',
    now: options.now ?? (() => new Date()),
    onError: options.onError,
    documented,
    notRemembered,
  };
  const { scripts, journal, stores, replays } = context;
  return {
    handle: (request) => handle(context, request),
    operations: validator.operations,
    outcomes: Object.fromEntries(
      validator.operations.map((op) => [op.operationId, (op.responses['200']?.examples ?? []).map((e) => e.name)]),
    ),
    scripts,
    journal,
    stores,
    reset() {
      scripts.clear();
      journal.clear();
      stores.clear();
      replays.clear();
    },
  };
}
