import { RecencyMap } from './recency.js';

export interface RememberedResult {
  /** The request body, whole when short, else the SHA-256 of its structure, key order aside: another body is a conflict. */
  readonly bodyKey: string;
  readonly status: number;
  /** The answer's body, serialised once: what a replay sends. */
  readonly body: string;
  /** Its resultCode and resultStatus, read when it was remembered. */
  readonly code: string;
  readonly resultStatus: string;
}

/**
 * The first settled result per idempotency key, bounded by entries and by bytes: past either, the oldest key is
 * forgotten first. A body up to 512 characters is kept whole (about 1 KB here); a longer one only as its digest, so a
 * 900 KB syncStore costs about 200 bytes here.
 */
export class IdempotencyStore {
  readonly #entries = new RecencyMap<{ result: RememberedResult; bytes: number }>();
  #bytes = 0;
  constructor(
    readonly capacity: number,
    readonly budgetBytes: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`idempotencyEntries must be a whole number >= 1 (got ${capacity})`);
    }
    if (!Number.isInteger(budgetBytes) || budgetBytes < 1024) {
      throw new RangeError(`idempotencyBytes must be a whole number >= 1024 (got ${budgetBytes})`);
    }
  }

  get(key: string): RememberedResult | undefined {
    return this.#entries.get(key)?.result;
  }

  set(key: string, result: RememberedResult): void {
    // UTF-16 strings: two bytes a character, plus the entry's own objects.
    const bytes = 2 * (key.length + result.bodyKey.length + result.body.length + result.code.length) + 160;
    this.delete(key);
    this.#entries.set(key, { result, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.capacity || this.#bytes > this.budgetBytes) {
      const oldest = this.#entries.shift();
      if (oldest === undefined) break;
      this.#bytes -= oldest[1].bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.delete(key);
    if (entry !== undefined) this.#bytes -= entry.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** What the remembered results cost, as counted against `budgetBytes`. */
  get bytes(): number {
    return this.#bytes;
  }
}
