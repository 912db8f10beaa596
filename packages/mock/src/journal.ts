// The request journal: every request the mock answered, as a test wants to read it back (what was sent, what the
// mock made of it, what it answered), bounded by entries and by bytes, oldest forgotten first.

/** Where the answer came from, in the order the mock tries them. */
export type OutcomeSource = 'gateway' | 'fault' | 'script' | 'prefer' | 'replay' | 'default';

export interface SignatureVerdict {
  /** False when the mock holds no keys (it then checks only that the headers are there). */
  readonly checked: boolean;
  readonly valid: boolean;
  /** On a failure: the string verified, its bytes and SHA-256, the key's fingerprint, the likely cause. */
  readonly diagnosis?: unknown;
}

export interface JournalEntry {
  /** 1, 2, 3, … in the order received. */
  readonly id: number;
  /** ISO 8601, when the request was received. */
  readonly receivedAt: string;
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  /** The operation the path names, when it names one. */
  readonly operationId?: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (UTF-8). */
  readonly rawBody: string;
  /** The body parsed as JSON; absent when it was not JSON. */
  readonly body?: unknown;
  readonly signature?: SignatureVerdict;
  /** Contract violations found (each names the field and the rule). */
  readonly violations: readonly string[];
  /** Unknown fields let through, a changed body under a replayed requestId, and other notes. */
  readonly warnings: readonly string[];
  readonly outcome: {
    readonly source: OutcomeSource;
    /** The result code answered (SUCCESS, PARAM_ILLEGAL, …), or the fault's kind. */
    readonly name: string;
    /** The script that answered, when one did. */
    readonly script?: string;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
  /** The store the request changed, after the change (syncStore and updateStore when they succeed). */
  readonly store?: string;
}

export interface JournalQuery {
  readonly operationId?: string;
  /** Result code or fault kind. */
  readonly outcome?: string;
  /** Dotted body paths to values, as in a script's `match`. */
  readonly match?: Readonly<Record<string, unknown>>;
  /** At most this many, the newest. */
  readonly limit?: number;
}

export const JOURNAL_ENTRIES = 1_000;
export const JOURNAL_BYTES = 8 * 1024 * 1024;

function at(body: unknown, path: string): unknown {
  let value = body;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export class Journal {
  readonly #entries: { entry: JournalEntry; bytes: number }[] = [];
  #bytes = 0;
  #next = 1;
  constructor(
    readonly capacity = JOURNAL_ENTRIES,
    readonly budgetBytes = JOURNAL_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new RangeError(`journalEntries must be a whole number >= 0 (got ${capacity})`);
    if (!Number.isInteger(budgetBytes) || budgetBytes < 0)
      throw new RangeError(`journalBytes must be a whole number >= 0 (got ${budgetBytes})`);
  }

  /** Records an entry (its id given here); it is dropped at once when the journal holds nothing (capacity 0). */
  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.#next++, ...entry } as JournalEntry;
    // Strings are UTF-16: two bytes a character; the parsed body costs about what its text does, so it is counted
    // as the raw body twice rather than serialised again.
    const { body: _parsed, ...rest } = full;
    const bytes = 2 * (JSON.stringify(rest).length + full.rawBody.length) + 200;
    if (this.capacity === 0 || bytes > this.budgetBytes) return full;
    this.#entries.push({ entry: full, bytes });
    this.#bytes += bytes;
    while (this.#entries.length > this.capacity || this.#bytes > this.budgetBytes) {
      const oldest = this.#entries.shift();
      if (oldest === undefined) break;
      this.#bytes -= oldest.bytes;
    }
    return full;
  }

  find(query: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries
      .map(({ entry }) => entry)
      .filter(
        (entry) =>
          (query.operationId === undefined || entry.operationId === query.operationId) &&
          (query.outcome === undefined || entry.outcome.name === query.outcome) &&
          Object.entries(query.match ?? {}).every(
            ([path, value]) => JSON.stringify(at(entry.body, path)) === JSON.stringify(value),
          ),
      );
    return query.limit === undefined ? found : found.slice(-query.limit);
  }

  clear(): void {
    this.#entries.length = 0;
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.length;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
