// For test suites in any runner (jest with CommonJS or ESM, vitest, node:test, mocha) on Node >= 20.19: the mock
// run as its own process, and a small client for its admin API. It uses Node's built-ins only and is written as
// CommonJS, so jest loads it on every Node version without --experimental-vm-modules (the mock itself, which
// needs ESM-only packages, runs in the child process).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface MockProcessOptions {
  /** Default 0: a free port, read back from the mock's output. */
  readonly port?: number;
  /** More `store-api-mock` options, e.g. `['--client', 'ID=public.pem']` or `['--tls']`. */
  readonly args?: readonly string[];
  /** How long to wait for the mock to listen. Default 30 000 ms. */
  readonly startTimeoutMs?: number;
}

export interface MockProcess {
  /** The API's base URL, e.g. `http://127.0.0.1:43117`. */
  readonly url: string;
  /** `<url>/__admin`. */
  readonly adminUrl: string;
  readonly admin: MockAdmin;
  readonly pid: number | undefined;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** A step of a script: an outcome name, or a fault. See the admin API's document (`/__admin/openapi.yaml`). */
export type ScriptStep =
  | string
  | {
      readonly outcome?: string;
      readonly fault?:
        | { readonly kind: 'delay'; readonly ms: number }
        | { readonly kind: 'hang' | 'reset' | 'empty' | 'truncated' }
        | { readonly kind: 'http'; readonly status: 429 | 502 | 503 };
    };

export interface JournalQuery {
  readonly operationId?: string;
  readonly outcome?: string;
  readonly match?: Readonly<Record<string, unknown>>;
  /** Values as text, as a URL query gives them: `{ requestId: 'r-1' }` (see the admin document). */
  readonly matchText?: Readonly<Record<string, string>>;
  readonly limit?: number;
}

export class MockAdminError extends Error {
  override readonly name = 'MockAdminError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The admin API of a running mock (started by `startMockProcess`, `npm start`, or `startMock()`). */
export class MockAdmin {
  readonly #base: string;
  readonly #auth: Record<string, string>;
  /** `adminUrl`: the mock's URL followed by `/__admin`; `token`: the mock's `--admin-token`, when it has one. */
  constructor(adminUrl: string, options: { readonly token?: string } = {}) {
    this.#base = adminUrl.replace(/\/$/, '');
    this.#auth = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.#send<T>(method, `${this.#base}${path}`, body)).value;
  }

  /** The answer's JSON, and the next page's URL when `link` names one. */
  async #send<T>(method: string, url: string, body?: unknown): Promise<{ value: T; next: string | undefined }> {
    const path = url.slice(this.#base.length);
    const response = await fetch(url, {
      method,
      headers: { ...this.#auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {}
      throw new MockAdminError(`${method} ${path}: HTTP ${response.status}: ${detail}`, response.status);
    }
    const next = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    return {
      value: (text === '' ? undefined : JSON.parse(text)) as T,
      // The link is a path under /__admin: put under the base given, which may sit behind a proxy's prefix.
      next: next?.startsWith('/__admin/') ? `${this.#base}${next.slice(8)}` : undefined,
    };
  }

  /** Queues answers for the next matching requests (see `Script` in the admin document). */
  script(
    operationId: string,
    steps: readonly ScriptStep[],
    options: { match?: Record<string, unknown>; times?: number | 'always' } = {},
  ): Promise<{ id: string; used: number; active: boolean }> {
    return this.#call('POST', '/scripts', { operationId, steps, ...options });
  }
  scripts(): Promise<{ id: string; operationId: string; used: number; active: boolean }[]> {
    return this.#call('GET', '/scripts');
  }
  clearScripts(): Promise<void> {
    return this.#call('DELETE', '/scripts');
  }
  /**
   * The requests the mock received, oldest first (with `limit`, the newest that many). The admin API answers a
   * page at a time, newest page first: this follows the `link` to the next page until it has them all.
   */
  async requests(query: JournalQuery = {}): Promise<JournalEntryView[]> {
    const search = new URLSearchParams();
    if (query.operationId !== undefined) search.set('operationId', query.operationId);
    if (query.outcome !== undefined) search.set('outcome', query.outcome);
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    for (const [path, value] of Object.entries(query.match ?? {})) search.set(`match.${path}`, JSON.stringify(value));
    for (const [path, text] of Object.entries(query.matchText ?? {})) search.set(`match.${path}`, text);
    const text = search.toString();
    const pages: JournalEntryView[][] = [];
    let found = 0;
    let url: string | undefined = `${this.#base}/requests${text === '' ? '' : `?${text}`}`;
    while (url !== undefined && found < (query.limit ?? Number.POSITIVE_INFINITY)) {
      const page: { value: JournalEntryView[]; next: string | undefined } = await this.#send('GET', url);
      pages.push(page.value);
      found += page.value.length;
      url = page.next;
    }
    const all = pages.reverse().flat();
    return query.limit === undefined ? all : all.slice(-query.limit);
  }
  clearRequests(): Promise<void> {
    return this.#call('DELETE', '/requests');
  }
  /** A store the mock holds, or undefined. */
  async store(key: string): Promise<StoreView | undefined> {
    try {
      return await this.#call<StoreView>('GET', `/stores/${encodeURIComponent(key)}`);
    } catch (error) {
      if (error instanceof MockAdminError && error.status === 404) return undefined;
      throw error;
    }
  }
  /** Every store, the one changed longest ago first (read a page of 1,000 at a time). */
  async stores(): Promise<StoreView[]> {
    const all: StoreView[] = [];
    for (;;) {
      const page = await this.#call<StoreView[]>('GET', `/stores?offset=${all.length}&limit=1000`);
      all.push(...page);
      if (page.length === 0) return all;
    }
  }
  seedStore(key: string, document: Record<string, unknown>): Promise<StoreView> {
    return this.#call('PUT', `/stores/${encodeURIComponent(key)}`, document);
  }
  /** The public key the mock signs its answers with: SPKI PEM, or the bare base64 the Java, PHP and Go SDKs take. */
  async platformKey(format: 'pem' | 'base64' = 'pem'): Promise<string> {
    const response = await fetch(`${this.#base}/platform-key${format === 'base64' ? '?format=base64' : ''}`, {
      headers: this.#auth,
    });
    if (!response.ok) throw new MockAdminError(`GET /platform-key: HTTP ${response.status}`, response.status);
    return response.text();
  }
  outcomes(): Promise<Record<string, string[]>> {
    return this.#call('GET', '/outcomes');
  }
  /** Forgets scripts, journal, stores and replays. */
  reset(): Promise<void> {
    return this.#call('POST', '/reset');
  }
  /** Stops the mock once the requests in flight finish (5 s at most); a mock run as a command then exits 0. */
  shutdown(): Promise<void> {
    return this.#call('POST', '/shutdown');
  }
}

export interface JournalEntryView {
  readonly id: number;
  readonly operationId?: string;
  readonly headers: Record<string, string>;
  readonly rawBody: string;
  readonly body?: unknown;
  readonly signature?: { checked: boolean; valid: boolean; diagnosis?: unknown };
  readonly violations: string[];
  readonly warnings: string[];
  readonly outcome: { source: string; name: string; script?: string };
  readonly response: { status: number; headers: Record<string, string>; body: string };
  readonly store?: string;
}

export interface StoreView {
  readonly key: string;
  readonly operation: 'syncStore' | 'updateStore';
  readonly document: Record<string, unknown>;
  readonly deleted: boolean;
  readonly changes: number;
  readonly origin: 'seeded' | 'created' | 'first-update';
}

/** Starts `store-api-mock` as a child process of this Node and resolves once it listens. */
export function startMockProcess(options: MockProcessOptions = {}): Promise<MockProcess> {
  const bin = join(__dirname, 'bin.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--port', String(options.port ?? 0), ...(options.args ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<MockProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`store-api-mock did not listen within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 30_000);
    const read = (chunk: Buffer) => {
      // Bounded: only the start-up lines matter.
      if (output.length < 64 * 1024) output += chunk.toString();
      const found = /listening on (https?:\/\/\S+)/.exec(output);
      if (found?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      child.stdout?.resume();
      const url = found[1];
      resolve({ url, adminUrl: `${url}/__admin`, admin: new MockAdmin(`${url}/__admin`), pid: child.pid, stop });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (output.length < 64 * 1024) output += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`store-api-mock exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

const HANDLE = Symbol.for('@store-api/mock/testing');

/**
 * For jest's `globalSetup` (and vitest's): starts the mock once for the run and puts its URLs in
 * `process.env.STORE_API_MOCK_URL` and `STORE_API_MOCK_ADMIN_URL`, which every test file reads.
 */
export async function globalSetup(): Promise<void> {
  const mock = await startMockProcess({ args: (process.env.STORE_API_MOCK_ARGS ?? '').split(' ').filter(Boolean) });
  (globalThis as Record<symbol, unknown>)[HANDLE] = mock;
  process.env.STORE_API_MOCK_URL = mock.url;
  process.env.STORE_API_MOCK_ADMIN_URL = mock.adminUrl;
}

/** For jest's `globalTeardown`: stops the mock `globalSetup` started. */
export async function globalTeardown(): Promise<void> {
  const mock = (globalThis as Record<symbol, unknown>)[HANDLE] as MockProcess | undefined;
  await mock?.stop();
}
