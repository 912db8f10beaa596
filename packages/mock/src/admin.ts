// The admin HTTP API, on the mock's own port under /__admin (a prefix no contract path can take: every path of the
// contract starts with /v2/): scripts, the request journal, the stores, a reset. It lets a test in any language
// (Java, Python, Go, curl) drive `npm start` as a TypeScript test drives `startMock()`. Described by
// admin-openapi.yaml in this package, served at /__admin/openapi.yaml.
import { readFileSync } from 'node:fs';
import type { Gateway } from './gateway.js';
import { type HttpRequest, type HttpResponse, MAX_BODY_BYTES } from './http.js';
import type { JournalQuery } from './journal.js';
import { problem } from './problem.js';
import { checkScript, ScriptError } from './script.js';

export const ADMIN_PREFIX = '/__admin';
const DOCUMENT = new URL('../admin-openapi.yaml', import.meta.url);

const json = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify(value),
});
const empty: HttpResponse = { status: 204, headers: {}, body: '' };

class AdminError extends Error {}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminError(`${what} must be a JSON document`);
  }
}

/** A store key from the path: percent-escaped UTF-8, else a 400 naming it (decodeURIComponent throws URIError). */
function decodeStoreKey(escaped: string): string {
  try {
    return decodeURIComponent(escaped);
  } catch {
    throw new AdminError(
      `the store key in the path must be percent-encoded UTF-8 (got ${JSON.stringify(escaped.slice(0, 200))})`,
    );
  }
}

/** A whole number from `min` to `max` from a query parameter, or `fallback` when absent; else a 400 naming it. */
function wholeNumber(search: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const text = search.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new AdminError(
      `${name} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`} (got ${JSON.stringify(text.slice(0, 50))})`,
    );
  return value;
}

/**
 * `?operationId=…&outcome=…&limit=…&match.requestId=r-1` (a match value is plain text or JSON: see matchesText);
 * `before`, the page cursor, is read by requestsPage.
 */
export function journalQuery(search: URLSearchParams): JournalQuery {
  const match: Record<string, string> = {};
  const query: { -readonly [K in keyof JournalQuery]: JournalQuery[K] } = {};
  for (const [name, value] of search) {
    if (name === 'operationId' || name === 'outcome') query[name] = value;
    else if (name === 'limit') query.limit = wholeNumber(search, 'limit', 1, Number.MAX_SAFE_INTEGER, 0);
    else if (name.startsWith('match.') && name.length > 6) match[name.slice(6)] = value;
    else if (name !== 'before')
      throw new AdminError(`${name} is not a query parameter; use operationId, outcome, limit, before or match.<path>`);
  }
  return Object.keys(match).length === 0 ? query : { ...query, matchText: match };
}

/** What the admin API serves besides the gateway's state: the keys a client needs to trust the mock. */
export interface Served {
  /** SPKI PEM; absent when answers are unsigned. */
  readonly platformPublicKey?: string;
  /** PEM; absent without TLS. */
  readonly tlsCertificate?: string;
  /** Stops the mock once the answer is sent (`POST /shutdown`). */
  readonly shutdown?: () => void;
}

/** A PEM's base64 body on one line: the form the vendor's Java, PHP and Go SDKs take a public key in. */
const bareBase64 = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

const text = (type: string, body: string): HttpResponse => ({ status: 200, headers: { 'content-type': type }, body });

/**
 * At most this many stores a page by default (`?limit=`, up to MAX_PAGE), and at most PAGE_BYTES of them: writing a
 * page then holds up other requests no longer than one request of the largest body the mock takes by default.
 */
const PAGE = 100;
const MAX_PAGE = 1_000;
const PAGE_BYTES = MAX_BODY_BYTES;

/**
 * `GET /stores?offset=0&limit=100`: a page of the stores, the one changed longest ago first, at most `limit` and at
 * most 1 MiB of them (always at least one); `x-mock-total-count` says how many there are, and `link` where the next
 * page starts.
 */
function storesPage(gateway: Gateway, search: URLSearchParams): HttpResponse {
  for (const name of search.keys())
    if (name !== 'offset' && name !== 'limit')
      throw new AdminError(`${name} is not a query parameter of /stores; use offset and limit`);
  const offset = wholeNumber(search, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = wholeNumber(search, 'limit', 1, MAX_PAGE, PAGE);
  const parts: string[] = [];
  let bytes = 2;
  for (const record of gateway.stores.list(offset, limit)) {
    const text = JSON.stringify(record);
    if (parts.length > 0 && bytes + text.length + 1 > PAGE_BYTES) break;
    parts.push(text);
    bytes += text.length + 1;
  }
  const total = gateway.stores.size;
  const next = offset + parts.length;
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-mock-total-count': String(total),
      ...(next < total ? { link: `<${ADMIN_PREFIX}/stores?offset=${next}&limit=${limit}>; rel="next"` } : {}),
    },
    body: `[${parts.join(',')}]`,
  };
}

/**
 * At most this many journal entries looked at, and at most this many characters of bodies parsed for a `match`,
 * for one page: a filter that selects few of many entries answers a page with what it found so far and a `before`
 * to go on from, rather than hold up the requests behind it until it has looked at the whole journal. The admin
 * API is synchronous (a page is one task on the event loop), so bounding the work is what keeps a read short.
 */
const JOURNAL_SCANNED = 20_000;
const JOURNAL_PARSED_BYTES = PAGE_BYTES / 2;

/**
 * `GET /requests?limit=&before=<id>`: the newest requests the filters select, received before the entry `before`
 * names, oldest first within the page, at most `limit` and at most 1 MiB of them (always at least one, unless the
 * work bound cut the page short). The next (older) page is a `before`, not an offset, so the requests that arrive
 * meanwhile do not shift it. `x-mock-total-count` says how many entries the journal holds, before the filters:
 * counting the ones a `match` selects would mean parsing every body.
 */
function requestsPage(gateway: Gateway, search: URLSearchParams): HttpResponse {
  const query = journalQuery(search);
  const before = search.has('before') ? wholeNumber(search, 'before', 1, Number.MAX_SAFE_INTEGER, 0) : undefined;
  const page = gateway.journal.page(query, {
    ...(before === undefined ? {} : { before }),
    maxBytes: PAGE_BYTES,
    maxScanned: JOURNAL_SCANNED,
    maxParsedBytes: JOURNAL_PARSED_BYTES,
  });
  const next = new URLSearchParams(search);
  if (page.before !== undefined) next.set('before', String(page.before));
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-mock-total-count': String(gateway.journal.size),
      ...(page.before === undefined ? {} : { link: `<${ADMIN_PREFIX}/requests?${next}>; rel="next"` }),
    },
    body: page.json,
  };
}

/** The admin API's answer to a request under /__admin, or undefined for any other path. */
export function adminHandle(request: HttpRequest, gateway: Gateway, served: Served = {}): HttpResponse | undefined {
  // Every API request passes here first: a prefix test, before any parsing.
  if (!request.url.startsWith(ADMIN_PREFIX)) return undefined;
  const url = new URL(request.url, 'http://mock');
  // `/__adminx` is not the admin API: it goes on to the gateway (INVALID_API) like any other path.
  if (url.pathname !== ADMIN_PREFIX && !url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return undefined;
  const route = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  const method = request.method.toUpperCase();
  try {
    if (route === '/openapi.yaml' && method === 'GET')
      return { status: 200, headers: { 'content-type': 'application/yaml' }, body: readFileSync(DOCUMENT, 'utf8') };
    if (route === '/outcomes' && method === 'GET') return json(200, gateway.outcomes);
    if (route === '/platform-key' && method === 'GET') {
      const format = url.searchParams.get('format') ?? 'pem';
      if (format !== 'pem' && format !== 'base64')
        throw new AdminError(`format must be pem or base64 (got ${JSON.stringify(format.slice(0, 100))})`);
      const key = served.platformPublicKey;
      if (key === undefined)
        return problem(404, 'Answers are unsigned', 'this mock runs with --unsigned-responses: it has no platform key');
      return format === 'pem'
        ? text('application/x-pem-file', key)
        : text('text/plain; charset=UTF-8', bareBase64(key));
    }
    if (route === '/tls-certificate' && method === 'GET') {
      const cert = served.tlsCertificate;
      if (cert === undefined)
        return problem(404, 'No TLS', 'this mock serves plain HTTP; start it with --tls for HTTPS and a certificate');
      return text('application/x-pem-file', cert);
    }
    if (route === '/reset' && method === 'POST') {
      gateway.reset();
      return empty;
    }
    if (route === '/shutdown' && method === 'POST' && served.shutdown !== undefined) {
      served.shutdown();
      return { status: 202, headers: {}, body: '' };
    }
    if (route === '/scripts') {
      if (method === 'GET') return json(200, gateway.scripts.list());
      if (method === 'DELETE') {
        gateway.scripts.clear();
        return empty;
      }
      if (method === 'POST')
        return json(201, gateway.scripts.add(checkScript(parseJson(request.body, 'the script'), gateway.outcomes)));
    }
    if (route === '/requests') {
      if (method === 'GET') return requestsPage(gateway, url.searchParams);
      if (method === 'DELETE') {
        gateway.journal.clear();
        return empty;
      }
    }
    if (route === '/stores') {
      if (method === 'GET') return storesPage(gateway, url.searchParams);
      if (method === 'DELETE') {
        gateway.stores.clear();
        return empty;
      }
    }
    if (route.startsWith('/stores/') && route.length > 8) {
      const key = decodeStoreKey(route.slice(8));
      if (method === 'GET') {
        const record = gateway.stores.get(key);
        return record === undefined
          ? problem(404, 'No such store', `the mock holds no store ${JSON.stringify(key)}`)
          : json(200, record);
      }
      if (method === 'PUT') {
        const document = parseJson(request.body, 'the store');
        if (typeof document !== 'object' || document === null || Array.isArray(document))
          throw new AdminError('the store must be a JSON object (its fields, as updateStore would leave them)');
        return json(200, gateway.stores.seed(key, document as Record<string, unknown>));
      }
    }
    return problem(
      404,
      'No such admin endpoint',
      `${method} ${url.pathname} is not an admin endpoint; see ${ADMIN_PREFIX}/openapi.yaml`,
    );
  } catch (error) {
    if (error instanceof AdminError || error instanceof ScriptError || error instanceof TypeError)
      return problem(400, 'Bad admin request', error.message);
    throw error;
  }
}
