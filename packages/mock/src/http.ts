// The HTTP shell both servers share: read the body, hand it on, write the answer; never hang on an error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY_LIMIT = 1024 * 1024;

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Received {
  readonly method: string;
  readonly url: string;
  /** Lower-case names, as node:http gives them; repeated headers joined with ", ". */
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

export class MockStartError extends Error {
  override readonly name = 'MockStartError';
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  readonly errors: Error[];
  close(): Promise<void>;
}

/** A header value is Latin-1 only: JSON with everything else escaped (`→` becomes `\u2192`), still valid JSON. */
export function headerJson(value: unknown, limit = 8_000): string {
  return JSON.stringify(value)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .slice(0, limit);
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** Starts a server on host:port (0: a free port); resolves once listening, rejects if it cannot listen. */
export async function listen(
  host: string,
  port: number,
  handle: (request: Received) => Promise<Reply>,
): Promise<Listening> {
  const errors: Error[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT) {
        return send(res, {
          status: 413,
          headers: { 'content-type': 'text/plain' },
          body: `request body over ${BODY_LIMIT} bytes`,
        });
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      handle(request)
        .then((reply) => send(res, reply))
        .catch((error: unknown) => {
          // A bug in the mock is reported, to the caller and in `errors`, never left hanging.
          const failure = error instanceof Error ? error : new Error(String(error));
          errors.push(failure);
          const body = JSON.stringify({ title: 'The mock failed on this request', detail: failure.message });
          if (!res.headersSent)
            send(res, { status: 500, headers: { 'content-type': 'application/problem+json' }, body });
          else res.destroy(failure);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new MockStartError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    errors,
    close: () => {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
