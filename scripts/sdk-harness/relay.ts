// A recording relay: sits between an SDK and the mock, passes every byte through both ways, and keeps each HTTP
// request exactly as the SDK wrote it (request line, header names in their case and order, body). It can end TLS
// for SDKs that dial only https:// (its own certificate), and speak TLS to a mock started with --tls.

import { createServer as createTcpServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';

export interface RelayOptions {
  /** Port to listen on, 127.0.0.1 (0: a free one). */
  readonly port: number;
  /** End TLS with this certificate; plain TCP without it. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly upstream: { readonly port: number; readonly tls: boolean };
}

export interface Relay {
  readonly port: number;
  /** Every complete request seen, in order of arrival, as the exact bytes sent. */
  readonly requests: Buffer[];
  close(): Promise<void>;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HELD = 4 * 1024 * 1024;

/** The length of the first complete request in `bytes`, or undefined while it is incomplete. */
export function requestLength(bytes: Buffer): number | undefined {
  const end = bytes.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const head = bytes.subarray(0, end).toString('latin1');
  const bodyStart = end + HEADER_END.length;
  const length = /^content-length:\s*(\d+)\s*$/im.exec(head)?.[1];
  if (length !== undefined) {
    const total = bodyStart + Number(length);
    return bytes.length >= total ? total : undefined;
  }
  if (/^transfer-encoding:.*chunked/im.test(head)) {
    let at = bodyStart;
    for (;;) {
      const lineEnd = bytes.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return bytes.length; // not HTTP we understand: keep it whole
      at = lineEnd + 2 + size + 2;
      if (size === 0) return bytes.length >= at ? at : undefined;
      if (bytes.length < at) return undefined;
    }
  }
  return bodyStart;
}

export function startRelay(options: RelayOptions): Promise<Relay> {
  const requests: Buffer[] = [];
  const sockets = new Set<Socket>();
  const onClient = (client: Socket) => {
    sockets.add(client);
    const upstream = options.upstream.tls
      ? tlsConnect({ host: '127.0.0.1', port: options.upstream.port, rejectUnauthorized: false })
      : tcpConnect({ host: '127.0.0.1', port: options.upstream.port, allowHalfOpen: true });
    sockets.add(upstream);
    let held = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      for (let length = requestLength(held); length !== undefined; length = requestLength(held)) {
        requests.push(held.subarray(0, length));
        held = held.subarray(length);
      }
      if (held.length > MAX_HELD) held = Buffer.alloc(0);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    // A half-close is passed on (the other side may still answer); an error or a close ends both.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert, allowHalfOpen: true }, onClient)
    : createTcpServer({ allowHalfOpen: true }, onClient);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
