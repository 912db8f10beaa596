// The HTTP shell both servers share: read the body, hand it on, write the answer; never hang on an error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The default bound on a request body: every documented body is a few KB; 1 MiB leaves room (ERRATA E32). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Text, or exact bytes (the proxy passes the upstream's through untouched). */
  readonly body: string | Uint8Array;
}

export interface Received {
  readonly method: string;
  readonly url: string;
  /** Lower-case names, as node:http gives them; repeated headers joined with ", ". */
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
  /** The body's exact bytes, as received. */
  readonly bytes: Buffer;
}

export class MockStartError extends Error {
  override readonly name = 'MockStartError';
}

/** How many of the mock's own errors are kept (the newest). */
const ERRORS_KEPT = 100;

export interface Listening {
  readonly url: string;
  readonly port: number;
  /** The newest errors the mock itself hit, at most 100. */
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
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<Listening> {
  const errors: Error[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      // Answered at once, and the connection closed: the rest of an oversized body is never read.
      if (res.headersSent) return;
      chunks.length = 0;
      res.once('finish', () => req.socket.destroy());
      send(res, {
        status: 413,
        headers: { 'content-type': 'text/plain', connection: 'close' },
        body: `request body over ${maxBodyBytes} bytes (maxBodyBytes)`,
      });
    });
    req.on('end', () => {
      if (size > maxBodyBytes) return;
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const bytes = Buffer.concat(chunks);
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers,
        body: bytes.toString('utf8'),
        bytes,
      };
      handle(request)
        .then((reply) => send(res, reply))
        .catch((error: unknown) => {
          // A bug in the mock is reported, to the caller and in `errors`, never left hanging.
          const failure = error instanceof Error ? error : new Error(String(error));
          errors.push(failure);
          if (errors.length > ERRORS_KEPT) errors.shift();
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
