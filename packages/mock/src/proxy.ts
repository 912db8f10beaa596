// A contract proxy in front of a real (sandbox) URL: the exact bytes pass through both ways, while a parsed copy
// of each request and answer is checked against the contract and every violation is reported. Bounded: the
// upstream has a deadline and its answer a size limit, each answered with a clear error of the proxy's own.
// Headers pass as they came (every set-cookie), less the hop-by-hop ones; a path never leaves the upstream's base.
import { readBounded } from '@store-api/signing';
import { createValidator, type OperationId } from '@store-api/validator';
import { headerJson, listen } from './http.js';
import { problem } from './problem.js';

export interface ContractBreach {
  readonly method: string;
  readonly path: string;
  /** HTTP status the upstream answered. */
  readonly status: number;
  /** What breaks the contract, each `request.<field>: …` or `response.<field>: …`. */
  readonly violations: readonly string[];
}

export interface ProxyOptions {
  /** The API to check, e.g. `https://open-sea-global.alipayplus.com`. */
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  /** Called for every exchange that breaks the contract. */
  readonly onBreach?: (breach: ContractBreach) => void;
  /** How long the upstream may take to answer, its whole body included. Default 30 000 ms. */
  readonly upstreamTimeoutMs?: number;
  /** The largest upstream answer passed on. Default 1 MiB. */
  readonly maxResponseBytes?: number;
}

export interface ContractProxy {
  readonly url: string;
  readonly port: number;
  /** The newest exchanges that broke the contract, at most 1,000. */
  readonly breaches: readonly ContractBreach[];
  readonly errors: readonly Error[];
  /**
   * Stops the proxy and frees the port: at once, or with `graceMs` after letting the requests in flight finish for up
   * to that long (the command does so on SIGTERM and SIGINT, for 5 s).
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

const BREACHES_KEPT = 1_000;
// Hop-by-hop headers (RFC 9110 §7.6.1, and RFC 2616's proxy-authenticate and proxy-authorization, which are the
// proxy's own business), and the ones node:http and fetch set themselves from the bytes they carry. Neither way.
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'content-length',
]);

/** The names not to forward: the fixed ones, and every one the Connection header names (RFC 9110 §7.6.1). */
function hopByHop(connection: string | null | undefined): (name: string) => boolean {
  const named = new Set((connection ?? '').split(',').map((token) => token.trim().toLowerCase()));
  return (name) => NOT_FORWARDED.has(name) || named.has(name);
}

/**
 * Why a request target could leave the upstream's base path, or undefined if it cannot. Stricter than the URL
 * parser (which resolves `..` and `%2e%2e` against the base): any dot segment, backslash or encoded separator is
 * refused, at any depth of percent-encoding, since the upstream may decode once more than we do.
 */
function howItClimbs(target: string): string | undefined {
  if (!target.startsWith('/')) return 'the request target must be a path starting with "/"';
  const path = target.split(/[?#]/, 1)[0] ?? '';
  for (const segment of path.split('/')) {
    let decoded = segment.toLowerCase();
    for (let previous = ''; previous !== decoded; ) {
      previous = decoded;
      decoded = decoded.replaceAll('%25', '%');
    }
    if (decoded.includes('\\') || decoded.includes('%5c'))
      return `segment ${JSON.stringify(segment)} holds a backslash`;
    if (decoded.includes('%2f')) return `segment ${JSON.stringify(segment)} holds an encoded "/"`;
    const dots = decoded.replaceAll('%2e', '.');
    if (dots === '.' || dots === '..') return `segment ${JSON.stringify(segment)} is a dot segment`;
  }
  return undefined;
}

const parsed = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
};

export async function startProxy(options: ProxyOptions): Promise<ContractProxy> {
  if (!URL.canParse(options.upstream))
    throw new TypeError(`startProxy: upstream must be an absolute URL (got ${JSON.stringify(options.upstream)})`);
  // Each request's path and query are appended to it, so it can have neither query nor fragment of its own.
  if (/[?#]/.test(options.upstream))
    throw new TypeError(
      `startProxy: upstream must have no query or fragment, as each request's path is appended to it (got ${JSON.stringify(options.upstream)})`,
    );
  const upstream = options.upstream.replace(/\/+$/, '');
  const basePath = new URL(upstream).pathname.replace(/\/+$/, '');
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  const validator = createValidator();
  const breaches: ContractBreach[] = [];

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request) => {
    const target = `${upstream}${request.url}`;
    const climbs = howItClimbs(request.url);
    if (climbs !== undefined)
      return problem(
        400,
        "The request path would leave the upstream's base path",
        `${JSON.stringify(request.url)}: ${climbs}; the proxy forwards only paths under ${basePath}/ (no dot segment, backslash or encoded "/", however percent-encoded)`,
        false,
      );
    const path = new URL(request.url, 'http://proxy').pathname;
    const operation = validator.operations.find((op) => op.path === path && op.method === request.method.toUpperCase());
    const violations: string[] = [];
    const check = (side: string, result: ReturnType<typeof validator.validateRequest>) => {
      if (!result.valid) violations.push(...result.violations.map((v) => `${side}.${v.message}`));
    };
    if (operation === undefined)
      violations.push(`request: ${request.method} ${path} is not an operation of the contract`);
    else {
      const id = operation.operationId as OperationId;
      check('request', validator.validateHeaders(id, request.headers));
      check('request', validator.validateRequest(id, parsed(request.body)));
    }

    const headers = new Headers();
    const requestHop = hopByHop(request.headers.connection);
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined && !requestHop(name)) headers.set(name, value);
    // Uncompressed, so the bytes checked are the bytes passed on.
    headers.set('accept-encoding', 'identity');
    let response: Response;
    let bytes: Uint8Array | undefined;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      response = await fetch(target, {
        method: request.method,
        headers,
        ...(request.bytes.length === 0 ? {} : { body: new Uint8Array(request.bytes) }),
        redirect: 'manual',
        signal,
      });
      bytes = await readBounded(response, maxResponseBytes);
    } catch (error) {
      if (signal.aborted)
        return problem(
          504,
          'The upstream did not answer in time',
          `no complete answer from ${upstream} within ${timeoutMs} ms (upstreamTimeoutMs)`,
          false,
        );
      const reason =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      return problem(502, 'The upstream could not be reached', `${upstream}: ${reason}`, false);
    }
    if (bytes === undefined)
      return problem(
        502,
        'The upstream answer is too large',
        `more than ${maxResponseBytes} bytes (maxResponseBytes); not passed on`,
        false,
      );

    if (operation !== undefined && response.status === 200)
      check(
        'response',
        validator.validateResponse(operation.operationId as OperationId, parsed(Buffer.from(bytes).toString('utf8'))),
      );
    // Every set-cookie kept as its own line: joined, an Expires date's comma would split one cookie in two.
    const forwardedHeaders: Record<string, string | string[]> = {};
    const responseHop = hopByHop(response.headers.get('connection'));
    response.headers.forEach((value, name) => {
      if (!responseHop(name) && name !== 'content-encoding' && name !== 'set-cookie') forwardedHeaders[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0 && !responseHop('set-cookie')) forwardedHeaders['set-cookie'] = cookies;
    if (violations.length > 0) {
      const breach = { method: request.method, path, status: response.status, violations };
      breaches.push(breach);
      if (breaches.length > BREACHES_KEPT) breaches.shift();
      options.onBreach?.(breach);
      forwardedHeaders['x-mock-violations'] = headerJson(violations);
    }
    // node:http writes a list value as one header line each; HttpResponse's type says string only.
    return { status: response.status, headers: forwardedHeaders as Record<string, string>, body: bytes };
  });
  return {
    url: server.url,
    port: server.port,
    breaches,
    errors: server.errors,
    close: (how = {}) => server.close(how.graceMs),
  };
}
