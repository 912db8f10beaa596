// The request journal: every request the mock answered, as a test wants to read it back (what was sent, what the
// mock made of it, what it answered), bounded by entries and by bytes, oldest forgotten first.
import { at, matches } from './script.js';

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
  /**
   * Dotted body paths to values as a URL query gives them: a body value matches when it is this text, or equals
   * this text read as JSON (`r-1`, `"r-1"`, `30`, `true`, `{"a":1}`).
   */
  readonly matchText?: Readonly<Record<string, string>>;
  /** At most this many, the newest. */
  readonly limit?: number;
}

export const JOURNAL_ENTRIES = 500;
export const JOURNAL_BYTES = 8 * 1024 * 1024;

/**
 * What the gateway records, flat: each retained object costs the garbage collector on every request while the
 * journal holds it, so an entry is one object (plus the two header objects) and is shaped for reading when read.
 */
export interface JournalRecord {
  /** Epoch milliseconds: formatted as ISO 8601 when read. */
  readonly receivedAt: number;
  readonly method: string;
  readonly url: string;
  readonly operationId: string | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  /** Whether `rawBody` is JSON within the validator's bounds: `body` is then parsed from it when read. */
  readonly json: boolean;
  readonly signature: SignatureVerdict | undefined;
  readonly violations: readonly string[];
  readonly warnings: readonly string[];
  readonly source: OutcomeSource;
  readonly outcome: string;
  readonly script: string | undefined;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: string;
  readonly store: string | undefined;
}

/** A forgotten slot ahead of the head (its record released at once, not when the front is dropped). */
const FORGOTTEN = { record: undefined as unknown as JournalRecord, id: 0, bytes: 0 };

export class Journal {
  /**
   * Oldest first from `#head`: forgetting moves the head instead of shifting the array (a splice of the 500 kept
   * entries on every request was 5% of a load run's profile); the forgotten front is dropped once it is as long as
   * the capacity.
   */
  #entries: { record: JournalRecord; id: number; bytes: number }[] = [];
  #head = 0;
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

  /** Records a request; returns its id. Nothing is kept when the journal holds nothing (capacity 0). */
  add(record: JournalRecord): number {
    const id = this.#next++;
    // Strings are UTF-16: two bytes a character. Counted, not serialised: the raw body, the answer, the headers
    // both ways, the notes, and 1 KB for the rest (a loop without copies: this runs on every request).
    let chars = record.rawBody.length + record.responseBody.length + record.url.length;
    const { headers } = record;
    for (const name in headers) chars += name.length + (headers[name]?.length ?? 0);
    const sent = record.responseHeaders;
    for (const name in sent) chars += name.length + (sent[name]?.length ?? 0);
    for (const note of record.violations) chars += note.length;
    for (const note of record.warnings) chars += note.length;
    const bytes = 2 * chars + 1024;
    if (this.capacity === 0 || bytes > this.budgetBytes) return id;
    this.#entries.push({ record, id, bytes });
    this.#bytes += bytes;
    while (this.#entries.length - this.#head > this.capacity || this.#bytes > this.budgetBytes) {
      const oldest = this.#entries[this.#head];
      if (oldest === undefined) break;
      this.#entries[this.#head++] = FORGOTTEN;
      this.#bytes -= oldest.bytes;
    }
    if (this.#head > 0 && this.#head >= this.capacity) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    return id;
  }

  find(query: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries
      .slice(this.#head)
      .map(({ record, id }) => view(record, id))
      .filter(
        (entry) =>
          (query.operationId === undefined || entry.operationId === query.operationId) &&
          (query.outcome === undefined || entry.outcome.name === query.outcome) &&
          matches(entry.body, query.match) &&
          matchesText(entry.body, query.matchText),
      );
    return query.limit === undefined ? found : found.slice(-query.limit);
  }

  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** An entry as a test reads it: headers without empty slots, the body parsed from the raw text. */
function view(record: JournalRecord, id: number): JournalEntry {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) if (value !== undefined) headers[name] = value;
  const entry: Record<string, unknown> = {
    id,
    receivedAt: new Date(record.receivedAt).toISOString(),
    method: record.method,
    url: record.url,
    operationId: record.operationId,
    headers,
    rawBody: record.rawBody,
    body: record.json ? JSON.parse(record.rawBody) : undefined,
    signature: record.signature,
    violations: [...record.violations],
    warnings: [...record.warnings],
    outcome: { source: record.source, name: record.outcome, script: record.script },
    response: { status: record.status, headers: { ...record.responseHeaders }, body: record.responseBody },
    store: record.store,
  };
  // Optional fields left undefined are absent, as in the JSON the admin API sends.
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  if ((entry.outcome as { script?: string }).script === undefined) delete (entry.outcome as { script?: string }).script;
  return entry as unknown as JournalEntry;
}

/** Whether a body holds each value `match` names as text (see JournalQuery.matchText). */
export function matchesText(body: unknown, match: Readonly<Record<string, string>> | undefined): boolean {
  if (match === undefined) return true;
  for (const path in match) {
    const text = match[path] as string;
    const value = at(body, path);
    if (value === text) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return false;
    }
    if (value === undefined || JSON.stringify(value) !== JSON.stringify(parsed)) return false;
  }
  return true;
}
