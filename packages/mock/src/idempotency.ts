export interface RememberedResult {
  /** SHA-256 of the canonical request body: a later request with another body is a conflict. */
  readonly bodyKey: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * The first settled result per idempotency key, bounded by entries and by bytes: past either, the oldest key is
 * forgotten first. A request body is kept only as its digest, so a 900 KB syncStore costs about 200 bytes here.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, { result: RememberedResult; bytes: number }>();
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
    const bytes = 2 * (key.length + result.bodyKey.length + (JSON.stringify(result.body)?.length ?? 0)) + 160;
    this.delete(key);
    this.#entries.set(key, { result, bytes });
    this.#bytes += bytes;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity && this.#bytes <= this.budgetBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
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
