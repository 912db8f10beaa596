// Prism in front of a real (sandbox) URL: every request and response is checked against the contract and each
// violation reported, while the traffic passes through unchanged.
import { headerJson, listen } from './http.js';
import { createPrismEngine } from './prism.js';

export interface ContractBreach {
  readonly method: string;
  readonly path: string;
  /** HTTP status the upstream answered. */
  readonly status: number;
  /** Prism's findings, `request.…` or `response.…`. */
  readonly violations: readonly string[];
}

export interface ProxyOptions {
  /** The API to check, e.g. `https://open-sea-global.alipayplus.com`. */
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  /** Called for every exchange that breaks the contract. */
  readonly onBreach?: (breach: ContractBreach) => void;
}

export interface ContractProxy {
  readonly url: string;
  readonly port: number;
  /** Every exchange so far that broke the contract. */
  readonly breaches: readonly ContractBreach[];
  readonly errors: readonly Error[];
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<ContractProxy> {
  if (!URL.canParse(options.upstream))
    throw new TypeError(`startProxy: upstream must be an absolute URL (got ${JSON.stringify(options.upstream)})`);
  const prism = await createPrismEngine({ validateRequest: true, upstream: new URL(options.upstream) });
  const breaches: ContractBreach[] = [];
  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request) => {
    const url = new URL(request.url, 'http://proxy');
    let body: unknown = request.body;
    try {
      body = request.body === '' ? undefined : JSON.parse(request.body);
    } catch {}
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const answer = await prism.answer({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    if (answer.violations.length > 0) {
      const breach = {
        method: request.method,
        path: url.pathname,
        status: answer.status,
        violations: answer.violations,
      };
      breaches.push(breach);
      options.onBreach?.(breach);
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const replyHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name.toLowerCase()))
        replyHeaders[name] = value;
    }
    if (answer.violations.length > 0) replyHeaders['x-mock-violations'] = headerJson(answer.violations);
    return { status: answer.status, headers: replyHeaders, body: text };
  });
  return { url: server.url, port: server.port, breaches, errors: server.errors, close: server.close };
}
