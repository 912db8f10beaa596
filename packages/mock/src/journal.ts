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

interface HeldEntry {
  readonly record: JournalRecord;
  readonly id: number;
  readonly bytes: number;
}

/** How much one page of `Journal.page` may hold, and how much work it may take. */
export interface PageBounds {
  /** Only entries with a lower id (received earlier); absent: from the newest. */
  readonly before?: number;
  /** At most this many bytes of JSON (always at least one entry). */
  readonly maxBytes: number;
  /** At most this many entries looked at. */
  readonly maxScanned: number;
  /** At most this many characters of bodies parsed for a `match` (the page stops once it has parsed this many). */
  readonly maxParsedBytes: number;
}

export interface JournalPage {
  /** The entries, oldest first, as a JSON array in UTF-8. */
  readonly json: Buffer;
  readonly count: number;
  /** The next page's `before`: undefined when no older entry is left to look at. */
  readonly before: number | undefined;
}

/** A forgotten slot ahead of the head (its record released at once, not when the front is dropped). */
const FORGOTTEN = { record: undefined as unknown as JournalRecord, id: 0, bytes: 0 };

export class Journal {
  /**
   * Oldest first from `#head`: forgetting moves the head instead of shifting the array (a splice of the 500 kept
   * entries on every request showed in a load run's profile; `npm run bench:mock` measures the path); the forgotten
   * front is dropped once it is as long as the capacity.
   */
  #entries: HeldEntry[] = [];
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

  /** The entries the query asks for, oldest first. A record is checked before its view is built, newest first. */
  find(query: JournalQuery = {}): JournalEntry[] {
    const { limit } = query;
    // A whole limit stops the scan once it has that many; any other (0, negative, fractional) slices as it always did.
    const whole = limit !== undefined && Number.isInteger(limit) && limit > 0;
    const found: JournalEntry[] = [];
    const matchText = textMatcher(query.matchText);
    for (let i = this.#entries.length - 1; i >= this.#head && !(whole && found.length >= limit); i--) {
      const { record, id } = this.#entries[i] as HeldEntry;
      if (!selects(record, query)) continue;
      const body = parsedBody(record);
      if (matches(body, query.match) && matchText(body)) found.push(view(record, id, body));
    }
    found.reverse();
    return limit === undefined || whole ? found : found.slice(-limit);
  }

  /**
   * A page of the admin API's journal: the newest entries the query selects that are older than `before`, as a
   * JSON array oldest first, at most `limit` of them and at most `maxBytes` of JSON (always at least one). The work
   * is bounded too, so that one read never holds up the requests behind it for long: at most `maxScanned` entries
   * looked at and at most `maxParsedBytes` of bodies parsed for a `match`. A page cut short by either bound may hold
   * fewer entries than asked, even none; `before` then says where to go on.
   */
  page(query: JournalQuery, bounds: PageBounds): JournalPage {
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const filtersBody = query.match !== undefined || query.matchText !== undefined;
    const matchText = textMatcher(query.matchText);
    // Each entry written as JSON text straight from its record (no view object: less garbage, and garbage is what
    // stalls a mock holding a large journal), counted in UTF-8 bytes, then written once into one buffer.
    const texts: string[] = [];
    let bytes = 2;
    let scanned = 0;
    let parsed = 0;
    let i = this.#newestBefore(bounds.before);
    for (; i >= this.#head && texts.length < limit; i--) {
      if (scanned === bounds.maxScanned || parsed >= bounds.maxParsedBytes) break;
      const { record, id } = this.#entries[i] as HeldEntry;
      scanned++;
      if (!selects(record, query)) continue;
      if (filtersBody) {
        const body = parsedBody(record);
        if (record.json) parsed += record.rawBody.length;
        if (!matches(body, query.match) || !matchText(body)) continue;
      }
      const text = entryJson(record, id);
      const size = Buffer.byteLength(text);
      if (texts.length > 0 && bytes + size + 1 > bounds.maxBytes) break;
      texts.push(text);
      bytes += size + 1;
    }
    // i is the newest entry not yet looked at (or looked at and left for the next page: it did not fit).
    const entry = i >= this.#head ? this.#entries[i] : undefined;
    const count = texts.length;
    const json = Buffer.allocUnsafe(count === 0 ? 2 : bytes - 1);
    let at = json.write('[');
    for (let k = count - 1; k >= 0; k--) {
      at += json.write(texts[k] as string, at);
      at += json.write(k === 0 ? ']' : ',', at);
    }
    if (count === 0) json.write(']', at);
    return { json, count, before: entry === undefined ? undefined : entry.id + 1 };
  }

  /** The index of the newest entry with an id below `before` (below the head when there is none). */
  #newestBefore(before: number | undefined): number {
    let low = this.#head;
    let high = this.#entries.length - 1;
    if (before === undefined) return high;
    // Ids rise with the index: the last index whose id is below `before`, by bisection.
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.#entries[middle] as HeldEntry).id < before) low = middle + 1;
      else high = middle - 1;
    }
    return high;
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

/** The filters a record answers without its body being parsed. */
function selects(record: JournalRecord, query: JournalQuery): boolean {
  return (
    (query.operationId === undefined || record.operationId === query.operationId) &&
    (query.outcome === undefined || record.outcome === query.outcome)
  );
}

const parsedBody = (record: JournalRecord): unknown => (record.json ? JSON.parse(record.rawBody) : undefined);

/**
 * An entry as a test reads it: headers without empty slots, the body parsed from the raw text, optional fields
 * absent when unset (as in the JSON the admin API sends). Built key by key, never with `delete`: an object that has
 * lost a key is slower to read and to serialise, and `find` may build thousands.
 */
function view(record: JournalRecord, id: number, body: unknown): JournalEntry {
  const headers: Record<string, string> = {};
  for (const name in record.headers) {
    const value = record.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const entry: { -readonly [K in keyof JournalEntry]?: JournalEntry[K] } = {
    id,
    receivedAt: new Date(record.receivedAt).toISOString(),
    method: record.method,
    url: record.url,
  };
  if (record.operationId !== undefined) entry.operationId = record.operationId;
  entry.headers = headers;
  entry.rawBody = record.rawBody;
  if (body !== undefined) entry.body = body;
  if (record.signature !== undefined) entry.signature = record.signature;
  entry.violations = [...record.violations];
  entry.warnings = [...record.warnings];
  entry.outcome =
    record.script === undefined
      ? { source: record.source, name: record.outcome }
      : { source: record.source, name: record.outcome, script: record.script };
  entry.response = { status: record.status, headers: { ...record.responseHeaders }, body: record.responseBody };
  if (record.store !== undefined) entry.store = record.store;
  return entry as JournalEntry;
}

/**
 * view()'s entry as JSON text, written from the record: the same keys in the same order. The body is the raw text
 * itself, which the journal holds only when it is JSON (`record.json`): equal to the parsed body once read.
 */
function entryJson(record: JournalRecord, id: number): string {
  const s = JSON.stringify;
  let text = `{"id":${id},"receivedAt":"${new Date(record.receivedAt).toISOString()}","method":${s(record.method)},"url":${s(record.url)}`;
  if (record.operationId !== undefined) text += `,"operationId":${s(record.operationId)}`;
  // JSON.stringify leaves out a header whose value is undefined, as view() does.
  text += `,"headers":${s(record.headers)},"rawBody":${s(record.rawBody)}`;
  if (record.json) text += `,"body":${record.rawBody}`;
  if (record.signature !== undefined) text += `,"signature":${s(record.signature)}`;
  text += `,"violations":${s(record.violations)},"warnings":${s(record.warnings)}`;
  text += `,"outcome":{"source":${s(record.source)},"name":${s(record.outcome)}`;
  if (record.script !== undefined) text += `,"script":${s(record.script)}`;
  text += `},"response":{"status":${record.status},"headers":${s(record.responseHeaders)},"body":${s(record.responseBody)}}`;
  if (record.store !== undefined) text += `,"store":${s(record.store)}`;
  return `${text}}`;
}

/** Whether a body holds each value `match` names as text (see JournalQuery.matchText). */
export function matchesText(body: unknown, match: Readonly<Record<string, string>> | undefined): boolean {
  return textMatcher(match)(body);
}

/** Sentinel for a match text that is not JSON: only a body value equal to the text itself matches it. */
const NOT_JSON = Symbol('not JSON');

/**
 * matchesText for many bodies: each text is read as JSON once, not once a body (a text that is not JSON would
 * otherwise throw, and be caught, for every entry a journal read looks at).
 */
export function textMatcher(match: Readonly<Record<string, string>> | undefined): (body: unknown) => boolean {
  if (match === undefined) return () => true;
  const wanted = Object.entries(match).map(([path, text]) => {
    let encoded: string | typeof NOT_JSON = NOT_JSON;
    try {
      encoded = JSON.stringify(JSON.parse(text));
    } catch {}
    return { path, text, encoded };
  });
  return (body) => {
    for (const { path, text, encoded } of wanted) {
      const value = at(body, path);
      if (value === text) continue;
      if (encoded === NOT_JSON || value === undefined || JSON.stringify(value) !== encoded) return false;
    }
    return true;
  };
}
