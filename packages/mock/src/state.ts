// The stores the mock knows, as the gateway would hold them after each accepted call: syncStore creates a store
// (keyed by posAccountId and posStoreId) or changes it; updateStore edits a store (keyed by storeId) by the
// partial-update rules, or deletes it. A test reads the merged document to check what its integration changed.
// Documents share the objects of the request bodies they came from (the journal holds the same): read them, do not
// change them.
import { isObject } from '@store-api/validator/contract';
import { RecencyMap } from './recency.js';

/** A plain JSON object. */
export type JsonObject = { [field: string]: unknown };

export interface StoreRecord {
  /** `storeId` for an F&B mini program store; `posAccountId/posStoreId` for a D-Store store. */
  readonly key: string;
  readonly operation: 'syncStore' | 'updateStore';
  /** The store as it stands after every change so far. */
  readonly document: JsonObject;
  /** True once an updateStore sent `isDeleted: "DELETED"`; the last document is kept. */
  readonly deleted: boolean;
  /** How many accepted calls changed it (seeding counts as none). */
  readonly changes: number;
  /** How the mock first learned of it: seeded by the test, created by syncStore, or first seen in an update. */
  readonly origin: 'seeded' | 'created' | 'first-update';
}

/** The default bounds on stores held, by count and by bytes (as JSON); past either the store changed longest ago is forgotten. */
export const MAX_STORES = 10_000;
export const STORES_BYTES = 64 * 1024 * 1024;

/** `""`, `{}` or `[]`: the partial-update way to delete a field. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === '' || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)
  );
}

/**
 * Applies an updateStore body to a store, by the contract's partial-update rules:
 * - a field left out is not changed (at any depth: an object sent with some fields changes only those);
 * - a field sent empty (`""`, `{}`, `[]`) is deleted;
 * - an array is replaced whole, except `multiLanguageDetails`, whose entries are merged by `language` (an entry
 *   for a language already there is merged into it, a new language is added);
 * - any other value replaces the old one.
 * `storeId`, `appId` and `isDeleted` say which store and what to do; they are not fields of the document.
 */
export function applyPartialUpdate(current: JsonObject, update: JsonObject): JsonObject {
  // Copy on write: the objects changed are copied, the rest shared; neither `current` nor `update` is changed.
  const next: JsonObject = { ...current };
  for (const [field, value] of Object.entries(update)) {
    if (field === 'appId' || field === 'isDeleted') continue;
    mergeField(next, field, value);
  }
  return next;
}

function mergeField(target: JsonObject, field: string, value: unknown): void {
  if (value === undefined) return;
  if (isEmptyValue(value)) {
    delete target[field];
    return;
  }
  if (field === 'multiLanguageDetails' && Array.isArray(value)) {
    const entries: unknown[] = Array.isArray(target[field]) ? [...(target[field] as unknown[])] : [];
    for (const entry of value) {
      const language = isObject(entry) ? entry.language : undefined;
      const at = entries.findIndex((e) => isObject(e) && language !== undefined && e.language === language);
      if (at >= 0 && isObject(entry)) entries[at] = applyNested(entries[at] as JsonObject, entry);
      else entries.push(entry);
    }
    target[field] = entries;
    return;
  }
  if (isObject(value) && isObject(target[field])) {
    target[field] = applyNested(target[field] as JsonObject, value);
    return;
  }
  target[field] = value;
}

function applyNested(current: JsonObject, update: JsonObject): JsonObject {
  const next = { ...current };
  for (const [field, value] of Object.entries(update)) mergeField(next, field, value);
  return next;
}

/** What JSON.stringify writes escaped (`"`, `\\`, control characters): a text without them is written as it is. */
const ESCAPED = /[^\x20\x21\x23-\x5b\x5d-\uffff]/;
/** Past this depth a value is counted by serialising it, which also refuses a cycle with JSON.stringify's own error. */
const COUNTED_DEPTH = 64;

/**
 * The bytes of `JSON.stringify(value)` in UTF-8, counted without writing it: a store's texts are shared with the
 * request bodies they came from, and serialising a large document on every change to count it showed in the
 * large-body profile. Anything JSON.stringify treats specially (`toJSON`, boxed values) is serialised to be counted.
 */
function jsonBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return ESCAPED.test(value) || !wellFormed(value)
        ? Buffer.byteLength(JSON.stringify(value))
        : Buffer.byteLength(value) + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      if (value === null) return 4;
      break;
    default:
      return Buffer.byteLength(JSON.stringify(value));
  }
  const prototype = Object.getPrototypeOf(value);
  if (
    depth > COUNTED_DEPTH ||
    (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return Buffer.byteLength(JSON.stringify(value));
  let bytes = 2; // the brackets
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      bytes += (index > 0 ? 1 : 0) + (skipped(item) ? 4 : jsonBytes(item, depth + 1));
    return bytes;
  }
  let fields = 0;
  for (const key of Object.keys(value)) {
    const item = (value as JsonObject)[key];
    if (skipped(item)) continue;
    bytes += (fields++ > 0 ? 1 : 0) + jsonBytes(key) + 1 + jsonBytes(item, depth + 1);
  }
  return bytes;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Whether a text holds no lone surrogate (ES2024's String#isWellFormed, which Node has; the lib here is ES2023). */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

export class StoreState {
  /** Each store with the bytes its document takes as JSON. */
  readonly #records = new RecencyMap<{ record: StoreRecord; bytes: number }>();
  #bytes = 0;
  constructor(
    readonly capacity = MAX_STORES,
    readonly maxBytes = STORES_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`maxStores must be a whole number >= 1 (got ${capacity})`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1)
      throw new RangeError(`maxStoreBytes must be a whole number >= 1 (got ${maxBytes})`);
  }

  get(key: string): StoreRecord | undefined {
    return this.#records.get(key)?.record;
  }

  /** The stores, the one changed longest ago first; `offset` and `limit` page through them. */
  list(offset = 0, limit = Number.POSITIVE_INFINITY): StoreRecord[] {
    return this.#records.values(offset, limit).map((held) => held.record);
  }

  /** The bytes the stores' documents take as JSON, together. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#records.size;
  }

  /** Puts a store the test says exists (an F&B store made in the merchant portal, say), replacing any. */
  seed(key: string, document: JsonObject, operation: StoreRecord['operation'] = 'updateStore'): StoreRecord {
    if (!isObject(document)) throw new TypeError('a seeded store must be a JSON object');
    return this.#put({
      key,
      operation,
      document: { ...document },
      deleted: false,
      changes: 0,
      origin: 'seeded',
    });
  }

  /** syncStore accepted: the store is created, or its fields sent are changed (the same rules as updateStore). */
  sync(posAccountId: string, store: JsonObject): StoreRecord {
    const key = `${posAccountId}/${String(store.posStoreId)}`;
    const earlier = this.get(key);
    return this.#put({
      key,
      operation: 'syncStore',
      document: applyPartialUpdate(earlier?.document ?? {}, store),
      deleted: false,
      changes: (earlier?.changes ?? 0) + 1,
      origin: earlier?.origin ?? 'created',
    });
  }

  /** updateStore accepted: the update merged into the store (or the store deleted). */
  update(body: JsonObject): StoreRecord {
    const key = String(body.storeId);
    const earlier = this.get(key);
    const deleted = body.isDeleted === 'DELETED';
    return this.#put({
      key,
      operation: 'updateStore',
      document: deleted
        ? (earlier?.document ?? { storeId: key })
        : applyPartialUpdate(earlier?.document ?? { storeId: key }, body),
      deleted: deleted || (earlier?.deleted ?? false),
      changes: (earlier?.changes ?? 0) + 1,
      origin: earlier?.origin ?? 'first-update',
    });
  }

  clear(): void {
    this.#records.clear();
    this.#bytes = 0;
  }

  #put(record: StoreRecord): StoreRecord {
    const bytes = jsonBytes(record.document);
    this.#bytes += bytes - (this.#records.get(record.key)?.bytes ?? 0);
    this.#records.set(record.key, { record, bytes }); // the newest change goes last, so the oldest is forgotten first
    // The newest store stays even alone past maxBytes: a request within maxBodyBytes is always held.
    while (this.#records.size > this.capacity || (this.#bytes > this.maxBytes && this.#records.size > 1))
      this.#bytes -= this.#records.shift()?.[1].bytes ?? 0;
    return record;
  }
}
