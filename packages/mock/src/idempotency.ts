export interface RememberedResult {
  /** The request body, whole when short, else the SHA-256 of its canonical form: another body is a conflict. */
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
  readonly #entries = new Map<string, { result: RememberedResult; bytes: number; seq: number }>();
  /**
   * The keys in the order set, oldest at `#head`: the next to forget. A Map iterated from its start to find its
   * oldest key skips every slot deleted before (V8 compacts them only now and then), which made each eviction at
   * capacity cost more the longer the mock ran; the queue costs the same each time.
   */
  #order: { key: string; seq: number }[] = [];
  #head = 0;
  #seq = 0;
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
    const seq = ++this.#seq;
    this.#entries.set(key, { result, bytes, seq });
    this.#order.push({ key, seq });
    this.#bytes += bytes;
    while ((this.#entries.size > this.capacity || this.#bytes > this.budgetBytes) && this.#head < this.#order.length) {
      const oldest = this.#order[this.#head++] as { key: string; seq: number };
      // A key set again since sits later in the queue too: only its newest place counts.
      if (this.#entries.get(oldest.key)?.seq === oldest.seq) this.delete(oldest.key);
    }
    // The queue holds each key once more than the map at most; the forgotten front is dropped now and then.
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
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
    this.#order = [];
    this.#head = 0;
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
