// One request on its way through the gateway's pipeline (pipeline/index.ts): the request, what each step found,
// the response once a step decides it, and the gateway's state the steps share. One object a request, passed to
// every step: no step allocates a closure of its own.
import type { KeyInput } from '@store-api/signing';
import type { ContractViolation, OperationContract, Validator } from '@store-api/validator';
import type { GatewayRequest } from '../gateway.js';
import type { IdempotencyStore, RememberedResult } from '../idempotency.js';
import type { Journal, OutcomeSource, SignatureVerdict } from '../journal.js';
import type { PrismEngine } from '../prism.js';
import type { ResponseSigner } from '../response-signer.js';
import type { Fault, Scripts } from '../script.js';
import type { StoreState } from '../state.js';
import type { StaticAnswers } from '../static-answers.js';
import type { ResponseTime } from './sign.js';

/** What the steps share: one a gateway, made by createGateway. */
export interface Context {
  /** `validation: 'prism'`: Prism's validator judges the request, and answers its problem documents. */
  readonly prismValidates: boolean;
  readonly validator: Validator;
  /** Prism, loaded on first use (at start in prism mode). */
  readonly prism: () => Promise<PrismEngine>;
  readonly staticAnswers: StaticAnswers;
  readonly scripts: Scripts;
  readonly replays: IdempotencyStore;
  readonly stores: StoreState;
  readonly journal: Journal;
  /** Partners' public keys by Client-Id; undefined: signatures are not verified. */
  readonly clients: ReadonlyMap<string, KeyInput> | undefined;
  /** Signs responses with the platform key; undefined: responses are unsigned. */
  readonly signer: ResponseSigner | undefined;
  readonly responseTime: ResponseTime;
  readonly unknownStores: 'accept' | 'fail';
  readonly now: () => Date;
  /** Told of each error the mock itself hits. */
  readonly onError: ((error: Error) => void) | undefined;
  /** The documented results by code, from the spec's named examples: the gateway's own answers reuse them. */
  readonly documented: ReadonlyMap<string, { readonly resultStatus: string; readonly resultMessage: string }>;
  /** The result codes the spec marks `x-idempotency: not-remembered`. */
  readonly notRemembered: ReadonlySet<string>;
}

/** The head of a Result, as read from a response body. */
export interface ResultHead {
  readonly resultStatus?: string;
  readonly resultCode?: string;
}

/** The response a step decided; `sign` then writes its final headers and text, and `record` journals it. */
export interface DraftResponse {
  status: number;
  headers: Record<string, string>;
  /** The text sent, or a value `sign` serialises. */
  body: unknown;
  readonly source: OutcomeSource;
  readonly name?: string | undefined;
  readonly script?: string | undefined;
  readonly fault?: Fault | undefined;
  /** The mock's own response to the test (a Prefer naming no outcome): not stamped or signed as the gateway's. */
  readonly unstamped?: true;
  /** The Result's resultStatus, when the body holds one. */
  readonly resultStatus?: string | undefined;
  /** The Result a chosen (not replayed, not refused) response holds: what `remember` keeps. */
  readonly result?: ResultHead | undefined;
}

export interface Exchange {
  readonly context: Context;
  readonly request: GatewayRequest;
  /** Epoch milliseconds (formatted only when the journal is read); NaN until parsed. */
  receivedAt: number;
  /** Path and query, as signed (normalised the way a WHATWG URL would). */
  uri: string;
  path: string;
  body: unknown;
  notJson: boolean;
  /** The operation the method and path name (route). */
  operation: OperationContract | undefined;
  /** The headers' violations besides a missing one, reported with the body's (headers → validate). */
  headerViolations: readonly ContractViolation[];
  readonly violations: string[];
  readonly warnings: string[];
  signature: SignatureVerdict | undefined;
  /** The replay store's key for this request (client-id and idempotency key), when it has one (choose). */
  replayKey: string | undefined;
  /** What the replay store held for it before this request (choose). */
  earlier: RememberedResult | undefined;
  /** The store the request changed (remember). */
  store: string | undefined;
  /** Undefined until a step decides it; the steps after that only remember, sign and record it. */
  response: DraftResponse | undefined;
}

/** A step: reads the exchange, writes what it finds into it; a promise only when it has to wait. */
export type Step = (exchange: Exchange) => void | Promise<void>;

/** No violations, no warnings: one shared empty list. */
export const NONE: readonly never[] = Object.freeze([]);

/**
 * A request's exchange before parsing: what the journal records of a request that fails even to parse (as
 * received, nothing made of it). Every field is set here, so every exchange has one shape.
 */
export function open(context: Context, request: GatewayRequest): Exchange {
  return {
    context,
    request,
    receivedAt: Number.NaN,
    uri: request.url,
    path: request.url,
    body: undefined,
    notJson: true,
    operation: undefined,
    headerViolations: NONE,
    violations: [],
    warnings: [],
    signature: undefined,
    replayKey: undefined,
    earlier: undefined,
    store: undefined,
    response: undefined,
  };
}
