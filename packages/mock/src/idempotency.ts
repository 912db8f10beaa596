export interface RememberedResult {
  /** The request body, canonicalised: a later request with another body is a conflict. */
  readonly bodyKey: string;
  readonly status: number;
  readonly body: unknown;
}

/** The first result per idempotency key, bounded: past `capacity` the oldest key is forgotten. */
export class IdempotencyStore {
  readonly #entries = new Map<string, RememberedResult>();
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`idempotencyEntries must be a whole number >= 1 (got ${capacity})`);
    }
  }

  get(key: string): RememberedResult | undefined {
    return this.#entries.get(key);
  }

  set(key: string, result: RememberedResult): void {
    this.#entries.set(key, result);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
