// The HTTP shell both servers share: read the body, hand it on, write the answer (or do the fault a script asked
// for); answer CORS for browser pages; never hang on an error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mockFailed } from './problem.js';
import { type Fault, MAX_FAULT_MS } from './script.js';
import type { TlsIdentity } from './tls-certificate.js';

/** The default bound on a request body: every documented body is a few KB; 1 MiB leaves room (ERRATA E32). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A response as a handler gives it to the server to send. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Text, or exact bytes (the proxy passes the upstream's through untouched). */
  readonly body: string | Uint8Array;
  /** Done instead of sending the answer (a delay: before it). */
  readonly fault?: Fault;
}

/**
 * Which browser pages may call the server: `true` any origin, `false` none, or a list of origins
 * (`http://localhost:3000`), in which `'local'` stands for this machine's pages and `'null'` for pages opened from a
 * file (`Origin: null`), admitted to the store API only, never to the admin API. Default: pages served from this
 * machine (localhost, 127.0.0.1, [::1]; any port).
 */
export type CorsOption = boolean | readonly string[];

/** The headers a browser page sends to the API, and the ones it may read from the answer. */
const CORS_REQUEST_HEADERS = 'content-type, client-id, request-time, signature, agent-token, prefer';
const CORS_EXPOSED_HEADERS =
  'client-id, response-time, signature, x-mock-violations, x-mock-warnings, x-mock-diagnosis, x-mock-idempotent-replay, x-mock-journal-id';
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** Whether a request target is the admin API's (admin.ts serves it under this prefix). */
export const isAdminPath = (path: string) => /^\/__admin(?:[/?]|$)/.test(path);

/**
 * The origin to allow, or undefined; `cors` undefined is the default (this machine's pages). `null` (a sandboxed
 * frame, a `file://` page, a redirect) names no origin, so even `true` does not admit it: only a list naming
 * `'null'` does, and only for the store API's paths (a file page may try the API, never script or reset the mock).
 */
export function allowedOrigin(
  origin: string | undefined,
  cors: CorsOption | undefined,
  path: string,
): string | undefined {
  if (origin === undefined || cors === false) return undefined;
  if (origin === 'null') return Array.isArray(cors) && cors.includes('null') && !isAdminPath(path) ? origin : undefined;
  if (cors === true) return origin;
  if (cors === undefined) return LOCAL_ORIGIN.test(origin) ? origin : undefined;
  return cors.includes(origin) || (cors.includes('local') && LOCAL_ORIGIN.test(origin)) ? origin : undefined;
}

/** A request as the server hands it on, its body read whole. */
export interface HttpRequest {
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

/** Keeps an error among the newest ERRORS_KEPT. */
export function keepError(errors: Error[], error: Error): void {
  errors.push(error);
  if (errors.length > ERRORS_KEPT) errors.shift();
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  /** The newest errors the mock itself hit, at most 100. */
  readonly errors: Error[];
  /**
   * Stops the server. At once by default; with `graceMs`, it stops accepting, lets the requests in flight finish
   * for up to that long (each connection closed once its answer is sent), then cuts what is left.
   */
  close(graceMs?: number): Promise<void>;
}

/** JSON with everything outside printable ASCII escaped (`→` becomes `\u2192`): a header value is Latin-1 only. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value as a header: JSON, ASCII only, at most `limit` characters, and always valid JSON. Past the limit a list
 * keeps the items that fit and ends with `"… N more"`; a text is cut and ends with `…`; an object's long texts are
 * cut (and, if it still does not fit, it becomes `{"truncated":true}`).
 */
export function headerJson(value: unknown, limit = 8_000): string {
  const whole = asciiJson(value);
  if (whole.length <= limit) return whole;
  if (Array.isArray(value)) {
    // The items that fit, counted as they are added (each encoded once), then the note of how many are left.
    const kept: string[] = [];
    let length = 2; // the brackets
    for (const item of value) {
      const encoded = asciiJson(item);
      const note = asciiJson(`… ${value.length - kept.length - 1} more`);
      if (length + encoded.length + 1 + note.length + 1 > limit) break;
      kept.push(encoded);
      length += encoded.length + 1;
    }
    // Within the limit whenever an item was kept (its room was counted with this note); with none kept, the note alone.
    return `[${[...kept, asciiJson(`… ${value.length - kept.length} more`)].join(',')}]`;
  }
  if (typeof value === 'string') {
    let low = 0;
    let high = value.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (asciiJson(`${value.slice(0, middle)}…`).length <= limit) low = middle;
      else high = middle - 1;
    }
    return asciiJson(`${value.slice(0, low)}…`);
  }
  if (typeof value === 'object' && value !== null) {
    const cut = Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        typeof field === 'string' && field.length > 1000 ? `${field.slice(0, 1000)}…` : field,
      ]),
    );
    const shorter = asciiJson(cut);
    return shorter.length <= limit ? shorter : '{"truncated":true}';
  }
  return asciiJson(null);
}

function send(response: ServerResponse, { status, headers, body }: HttpResponse): void {
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** What is read and dropped of a body past maxBodyBytes, after its 413 is sent, before the connection is cut. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5_000;

/** How long a closing server lets the requests in flight finish before it cuts their connections. */
export const GRACE_MS = 5_000;

/** How many delayed or hanging answers may wait at once (a delay past it is answered at once). */
const MAX_PENDING_FAULTS = 1_000;

/**
 * Sends a response, or does what a script's fault asks instead: the connection broken one way or another, or the
 * response late.
 */
function write(request: IncomingMessage, response: ServerResponse, handled: HttpResponse, timers: Set<NodeJS.Timeout>) {
  const { status, headers, body, fault } = handled;
  if (fault === undefined) return send(response, handled);
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  switch (fault.kind) {
    case 'delay':
      if (timers.size >= MAX_PENDING_FAULTS) return send(response, { status, headers, body });
      return later(fault.ms, () => send(response, { status, headers, body }));
    case 'hang':
      // Nothing is sent; the socket is destroyed when the mock closes, or after the longest fault. At most
      // MAX_PENDING_FAULTS wait at once: past that a hang is a reset, so a script left on `always` cannot pile up
      // open sockets and timers without end.
      if (timers.size >= MAX_PENDING_FAULTS) return void request.socket.resetAndDestroy();
      return later(MAX_FAULT_MS, () => request.socket.destroy());
    case 'reset':
      return void request.socket.resetAndDestroy();
    case 'empty':
      return void request.socket.end();
    case 'truncated': {
      const bytes = Buffer.from(body);
      response.writeHead(200, { ...headers, 'content-length': Math.max(bytes.length, 2) });
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return later(10, () => request.socket.destroy());
    }
    case 'http':
      return send(response, { status, headers, body });
  }
}

const NO_BYTES = Buffer.alloc(0);

/**
 * The request as handed on. The text is decoded chunk by chunk, exactly as the joined bytes would be: joining a
 * large body first copied it once more only to decode it. The bytes are joined only if a handler reads them (the
 * proxy, which forwards them); a body in one chunk is that chunk.
 */
function received(request: IncomingMessage, headers: HttpRequest['headers'], chunks: readonly Buffer[]): HttpRequest {
  let bytes = chunks.length === 0 ? NO_BYTES : chunks.length === 1 ? (chunks[0] as Buffer) : undefined;
  let body: string;
  if (bytes !== undefined) body = bytes.toString('utf8');
  else {
    // A byte order mark stays in the text, as Buffer#toString keeps it; a sequence cut between chunks is joined.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    body = '';
    for (const chunk of chunks) body += decoder.decode(chunk, { stream: true });
    body += decoder.decode();
  }
  return {
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    headers,
    body,
    get bytes() {
      bytes ??= Buffer.concat(chunks);
      return bytes;
    },
  };
}

/**
 * Starts a server on host:port (0: a free port), HTTPS when given a TLS identity; resolves once listening, rejects
 * if it cannot listen.
 */
export async function listen(
  host: string,
  port: number,
  handle: (request: HttpRequest) => Promise<HttpResponse>,
  maxBodyBytes = MAX_BODY_BYTES,
  cors: CorsOption | undefined = undefined,
  tls: TlsIdentity | undefined = undefined,
): Promise<Listening> {
  const errors: Error[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let draining = false;
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    // While closing gracefully, each answer closes its connection once sent.
    if (draining) response.setHeader('connection', 'close');
    response.once('finish', () => {
      if (draining) server.closeIdleConnections();
    });
    // CORS: a page on an allowed origin may call the server and read the mock's headers.
    const origin = allowedOrigin(request.headers.origin, cors, request.url ?? '/');
    if (origin !== undefined) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'origin');
      response.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      request.resume();
      if (origin !== undefined) {
        response.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE');
        response.setHeader('access-control-allow-headers', CORS_REQUEST_HEADERS);
        response.setHeader('access-control-max-age', '600');
      }
      response.writeHead(origin === undefined ? 403 : 204).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return void chunks.push(chunk);
      // Answered at once; the rest is read and dropped (up to DRAIN_BYTES, for at most DRAIN_MS), so the sender,
      // still writing, reads the 413 instead of a connection reset; past either bound the connection is cut.
      if (size > maxBodyBytes + DRAIN_BYTES) return void request.socket.destroy();
      if (response.headersSent) return;
      chunks.length = 0;
      const cut = setTimeout(() => request.socket.destroy(), DRAIN_MS);
      response.once('close', () => clearTimeout(cut));
      // No `connection: close` here: Node would then end the socket as soon as the answer is written, before the
      // rest is read, and the sender, still writing, would meet a reset. The connection is ended once it is read.
      send(response, {
        status: 413,
        headers: { 'content-type': 'text/plain' },
        body: `request body over ${maxBodyBytes} bytes (maxBodyBytes)`,
      });
    });
    request.on('end', () => {
      if (size > maxBodyBytes) return void request.socket.end();
      const headers: Record<string, string | undefined> = {};
      for (const name in request.headers) {
        const value = request.headers[name];
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      // A handler that throws at once (not in its promise) is answered as one that rejects: never an uncaught
      // exception that stops the mock.
      let pending: Promise<HttpResponse>;
      try {
        pending = handle(received(request, headers, chunks));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending
        .then((handled) => write(request, response, handled, timers))
        .catch((error: unknown) => {
          // A bug in the mock is reported, to the caller and in `errors`, never left hanging.
          const failure = error instanceof Error ? error : new Error(String(error));
          keepError(errors, failure);
          if (!response.headersSent) send(response, mockFailed(failure));
          else response.destroy(failure);
        });
    });
  };
  const server: Server = tls === undefined ? createServer(serve) : createTlsServer(tls, serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new MockStartError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    port: actual,
    errors,
    close: (graceMs = 0) => {
      closing ??= new Promise((resolve) => {
        const cut = () => {
          for (const timer of timers) clearTimeout(timer);
          timers.clear();
          server.closeAllConnections();
        };
        draining = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        if (graceMs <= 0) return cut();
        const late = setTimeout(cut, graceMs);
        server.once('close', () => clearTimeout(late));
      });
      return closing;
    },
  };
}
