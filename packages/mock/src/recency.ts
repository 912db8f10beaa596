/**
 * A Map that knows which of its keys was set longest ago, at a constant cost: what the replay store and the stores
 * forget first when they are full. A Map iterated from its start to find its oldest key walks every slot deleted
 * before (V8 compacts them only now and then), so every eviction at capacity slowed the replay store and the stores;
 * `npm run bench:mock` (a new requestId a request, past the replay store's capacity) measures the path.
 */
export class RecencyMap<V> {
  readonly #entries = new Map<string, { value: V; seq: number }>();
  /** The keys in the order set, oldest at `#head`; a key set again also stands at its older places, now stale. */
  #order: { key: string; seq: number }[] = [];
  #head = 0;
  #seq = 0;

  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Sets `key` to `value` as the newest entry (a key set again moves to the end). */
  set(key: string, value: V): void {
    const seq = ++this.#seq;
    this.#entries.delete(key);
    this.#entries.set(key, { value, seq });
    this.#order.push({ key, seq });
    // Stale places are dropped once they outnumber the live ones (one key set over and over would otherwise grow
    // the queue without end): the Map's own order is the queue's, rebuilt from it.
    if (this.#order.length - this.#head > 2 * this.#entries.size + 1024) {
      this.#order = Array.from(this.#entries, ([k, entry]) => ({ key: k, seq: entry.seq }));
      this.#head = 0;
    }
  }

  /** Removes `key`; returns its value, if it had one. */
  delete(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    return entry.value;
  }

  /** Removes the entry set longest ago and returns it; undefined when empty. */
  shift(): [string, V] | undefined {
    while (this.#head < this.#order.length) {
      const { key, seq } = this.#order[this.#head++] as { key: string; seq: number };
      const entry = this.#entries.get(key);
      if (entry?.seq !== seq) continue; // deleted, or set again since: only its newest place counts
      this.#entries.delete(key);
      if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
        this.#order = this.#order.slice(this.#head);
        this.#head = 0;
      }
      return [key, entry.value];
    }
    return undefined;
  }

  clear(): void {
    this.#entries.clear();
    this.#order = [];
    this.#head = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * At most `limit` values, oldest first, from the `offset`-th on: the Map walked from its start and nothing copied
   * but what is returned (a page of 1,000 of 50,000 stores copied all 50,000 first; `npm run bench:admin` measures it).
   */
  values(offset = 0, limit = Number.POSITIVE_INFINITY): V[] {
    const found: V[] = [];
    if (!(limit > 0)) return found;
    let skip = offset;
    for (const entry of this.#entries.values()) {
      if (skip > 0) {
        skip--;
        continue;
      }
      found.push(entry.value);
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Places the order queue holds, stale and passed ones included: at most 4 × size + 2,050 (live places past the
   * head are at most 2 × size + 1,025, and the passed front at most as many as those, or 1,024). Read by tests.
   */
  get queued(): number {
    return this.#order.length;
  }
}
