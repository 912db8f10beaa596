// Scripts: what the test tells the mock to answer next, without the code under test sending anything special.
// A script names an operation, optionally a match on the request body, and the steps to answer with, in order:
// an outcome (a response example's name, e.g. UNKNOWN_EXCEPTION) or a fault (a delay, a hang, a reset, an empty
// or truncated reply, an HTTP 429/502/503 from a proxy in front of the gateway).

import { checkBounds } from '@store-api/validator';

/** What a transport can do to a request instead of, or before, answering it. */
export type Fault =
  /** Wait this long, then answer as usual. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Never answer: the connection stays open until the client gives up (or the mock closes). */
  | { readonly kind: 'hang' }
  /** Close the connection with a TCP reset, nothing sent. */
  | { readonly kind: 'reset' }
  /** Close the connection cleanly with nothing sent (an empty reply). */
  | { readonly kind: 'empty' }
  /** Send the status line, the headers and half of the body, then close. */
  | { readonly kind: 'truncated' }
  /** An HTTP error from a proxy in front of the gateway: no Result in the body. */
  | { readonly kind: 'http'; readonly status: 429 | 502 | 503 };

/** One step of a script: an outcome by name, or a fault (a `delay` fault may also name the outcome after it). */
export type ScriptStep = string | { readonly outcome?: string; readonly fault?: Fault };

export interface ScriptInput {
  /** syncStore or updateStore. */
  readonly operationId: string;
  /** The steps, answered one per matching request, in order. */
  readonly steps: readonly ScriptStep[];
  /**
   * Fields the request body must hold for this script to answer: dotted paths to values, e.g.
   * `{ requestId: 'r-1' }` or `{ 'store.posStoreId': 's-9' }`. Default: every request of the operation.
   */
  readonly match?: Readonly<Record<string, unknown>>;
  /**
   * How many matching requests it answers: a number (the steps repeat in order), or `always` (after the steps,
   * the last one answers every later request). Default: one request per step.
   */
  readonly times?: number | 'always';
}

export interface Script extends ScriptInput {
  readonly id: string;
  /** How many requests it has answered. */
  readonly used: number;
  /** False once it has answered `times` requests. */
  readonly active: boolean;
}

/** The bound on scripts held at once (a test adds a few; a leak would add thousands). */
export const MAX_SCRIPTS = 1_000;
/** The bound on one script's size (its JSON), and on every script in force together (default; `scriptBytes`). */
export const MAX_SCRIPT_BYTES = 64 * 1024;
export const SCRIPTS_BYTES = 4 * 1024 * 1024;
/** The most fields a script's `match` may name. */
export const MAX_MATCH_FIELDS = 32;
/** The longest delay or hang a script may ask for. */
export const MAX_FAULT_MS = 10 * 60 * 1000;
const FAULT_KINDS = ['delay', 'hang', 'reset', 'empty', 'truncated', 'http'];

export class ScriptError extends Error {
  override readonly name = 'ScriptError';
}

/** The value at a dotted path of a JSON body (`store.posStoreId`), or undefined. */
export function at(body: unknown, path: string): unknown {
  let value = body;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Stands for a body value JSON cannot encode (nested past the stack): scripts match before the body is checked. */
const UNENCODABLE = Symbol('unencodable');

/** Body values as JSON by dotted path, each encoded once however many matches name its path. */
export type EncodedValues = Map<string, string | undefined | typeof UNENCODABLE>;

/**
 * Whether a body holds every value `match` names by dotted path (a script's `match`, a journal query's). `seen`
 * carries the body's encoded values from one match to the next: 1,000 scripts naming one large field would otherwise
 * encode it 1,000 times a request.
 */
export function matches(
  body: unknown,
  match: Readonly<Record<string, unknown>> | undefined,
  seen: EncodedValues = new Map(),
): boolean {
  return Object.entries(match ?? {}).every(([path, value]) => {
    if (!seen.has(path)) {
      try {
        seen.set(path, JSON.stringify(at(body, path)));
      } catch {
        seen.set(path, UNENCODABLE);
      }
    }
    return seen.get(path) === JSON.stringify(value);
  });
}

/** Checks a script before it is taken: every mistake named, with the field and the rule. */
export function checkScript(input: unknown, outcomes: Readonly<Record<string, readonly string[]>>): ScriptInput {
  const fail = (message: string): never => {
    throw new ScriptError(message);
  };
  if (typeof input !== 'object' || input === null) return fail('a script must be an object');
  // Bounded before anything walks it: a 100,000-deep match once overflowed the stack on every later request.
  const bound = checkBounds(input);
  if (bound !== undefined) fail(`the script is too large to hold: ${bound.message.replace(/^\(body\): /, '')}`);
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_SCRIPT_BYTES)
    fail(`a script may be at most ${MAX_SCRIPT_BYTES} bytes as JSON (got ${size}): match on fewer, smaller values`);
  const script = input as Record<string, unknown>;
  for (const key of Object.keys(script))
    if (!['operationId', 'steps', 'match', 'times'].includes(key))
      fail(`script.${key} is not a script field; the fields are operationId, steps, match, times`);
  const operationId = script.operationId;
  // Own keys only: `constructor` or `__proto__` is a key of every object, not an operation.
  const names =
    typeof operationId === 'string' && Object.hasOwn(outcomes, operationId) ? outcomes[operationId] : undefined;
  if (names === undefined)
    return fail(
      `script.operationId must be one of ${Object.keys(outcomes).join(', ')} (got ${JSON.stringify(operationId)})`,
    );
  if (!Array.isArray(script.steps) || script.steps.length === 0 || script.steps.length > 100)
    fail('script.steps must be a list of 1 to 100 steps');
  (script.steps as unknown[]).forEach((step, index) => {
    const where = `script.steps[${index}]`;
    const outcome = typeof step === 'string' ? step : (step as { outcome?: unknown } | null)?.outcome;
    if (typeof step !== 'string' && (typeof step !== 'object' || step === null))
      fail(`${where} must be an outcome name or { outcome?, fault? }`);
    if (outcome !== undefined && !names.includes(String(outcome)))
      fail(
        `${where}: ${JSON.stringify(outcome)} is not an outcome of ${operationId}; its outcomes are ${names.join(', ')}`,
      );
    if (typeof step === 'object') {
      const { fault } = step as { fault?: Record<string, unknown> };
      if (outcome === undefined && fault === undefined) fail(`${where} needs an outcome or a fault`);
      if (fault !== undefined) checkFault(fault, `${where}.fault`);
      if (fault !== undefined && fault.kind !== 'delay' && outcome !== undefined)
        fail(`${where}: only a delay fault may be followed by an outcome (a ${String(fault.kind)} answers nothing)`);
    }
  });
  const { match, times } = script;
  if (match !== undefined && (typeof match !== 'object' || match === null || Array.isArray(match)))
    fail('script.match must be an object of dotted body paths to values, e.g. { "requestId": "r-1" }');
  const fields = Object.keys((match ?? {}) as object).length;
  if (fields > MAX_MATCH_FIELDS) fail(`script.match may name at most ${MAX_MATCH_FIELDS} fields (got ${fields})`);
  if (
    times !== undefined &&
    times !== 'always' &&
    !(Number.isInteger(times) && (times as number) >= 1 && (times as number) <= 1_000_000)
  )
    fail(`script.times must be a whole number from 1 to 1000000, or "always" (got ${JSON.stringify(times)})`);
  return script as unknown as ScriptInput;
}

function checkFault(fault: Record<string, unknown>, where: string): void {
  if (typeof fault !== 'object' || fault === null || !FAULT_KINDS.includes(String(fault.kind)))
    throw new ScriptError(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (
    fault.kind === 'delay' &&
    !(Number.isInteger(fault.ms) && (fault.ms as number) >= 0 && (fault.ms as number) <= MAX_FAULT_MS)
  )
    throw new ScriptError(`${where}.ms must be a whole number of milliseconds from 0 to ${MAX_FAULT_MS}`);
  if (fault.kind === 'http' && ![429, 502, 503].includes(fault.status as number))
    throw new ScriptError(`${where}.status must be 429, 502 or 503 (got ${JSON.stringify(fault.status)})`);
}

/** The scripts in force, in the order they were added: the first that matches a request answers it. */
export class Scripts {
  readonly #scripts: { input: ScriptInput; id: string; used: number; bytes: number }[] = [];
  readonly #maxBytes: number;
  #bytes = 0;
  #ids = 1;

  /** `maxBytes`: how many bytes (as JSON) the scripts in force may hold together. */
  constructor(maxBytes = SCRIPTS_BYTES) {
    this.#maxBytes = maxBytes;
  }

  add(input: ScriptInput): Script {
    if (this.#scripts.length >= MAX_SCRIPTS)
      throw new ScriptError(`at most ${MAX_SCRIPTS} scripts at once: reset them between tests`);
    const bytes = Buffer.byteLength(JSON.stringify(input));
    if (this.#bytes + bytes > this.#maxBytes)
      throw new ScriptError(
        `the scripts in force may hold at most ${this.#maxBytes} bytes together (scriptBytes); this one (${bytes} bytes) would pass it: reset them between tests`,
      );
    const entry = { input, id: `s${this.#ids++}`, used: 0, bytes };
    this.#scripts.push(entry);
    this.#bytes += bytes;
    return this.#view(entry);
  }

  list(): Script[] {
    return this.#scripts.map((entry) => this.#view(entry));
  }

  clear(): void {
    this.#scripts.length = 0;
    this.#bytes = 0;
  }

  /** The step for this request, taken (counted), or undefined when no active script matches. */
  take(operationId: string, body: unknown): { step: Exclude<ScriptStep, string>; script: string } | undefined {
    const next = this.#next(operationId, body);
    if (next === undefined) return undefined;
    next.entry.used += 1;
    return { step: typeof next.step === 'string' ? { outcome: next.step } : next.step, script: next.entry.id };
  }

  /** The fault the next matching step would bring, without taking it (transport faults come before the checks). */
  peekFault(operationId: string, body: unknown): Fault | undefined {
    const step = this.#next(operationId, body)?.step;
    return typeof step === 'string' ? undefined : step?.fault;
  }

  /** The first active script that matches, and the step it would answer with now. */
  #next(operationId: string, body: unknown): { entry: { id: string; used: number }; step: ScriptStep } | undefined {
    // Asked twice a request (a fault first, then the answer): with no script in force, nothing to allocate.
    if (this.#scripts.length === 0) return undefined;
    const seen: EncodedValues = new Map();
    const entry = this.#scripts.find(
      (e) => e.input.operationId === operationId && this.#active(e) && matches(body, e.input.match, seen),
    );
    if (entry === undefined) return undefined;
    const { steps, times } = entry.input;
    const index = times === 'always' ? Math.min(entry.used, steps.length - 1) : entry.used % steps.length;
    return { entry, step: steps[index] as ScriptStep };
  }

  #active(entry: { input: ScriptInput; used: number }): boolean {
    const { times, steps } = entry.input;
    return times === 'always' || entry.used < (times ?? steps.length);
  }

  #view(entry: { input: ScriptInput; id: string; used: number; bytes: number }): Script {
    return { ...entry.input, id: entry.id, used: entry.used, active: this.#active(entry) };
  }
}
