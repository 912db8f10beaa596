// Starts the built mock (packages/mock/dist/bin.js) as a process on 127.0.0.1 and reads what an SDK needs from its
// admin API: the platform public key (PEM, and the bare base64 Java, PHP and Go take) and, under --tls, its
// certificate. Every wait is bounded; stop() ends the process.

import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';

export interface MockProcess {
  readonly baseUrl: string;
  readonly port: number;
  readonly tls: boolean;
  /** Undefined when the mock does not sign its answers. */
  readonly platformPublicKeyPem: string | undefined;
  readonly platformPublicKeyBase64: string | undefined;
  readonly tlsCertificatePem: string | undefined;
  readonly output: () => string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GETs a URL (TLS certificates not checked: the mock's is made at its start), with a bound on the wait. */
export function get(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');

export async function startMockProcess(
  bin: string,
  args: readonly string[],
  options: { port: number; tls: boolean; startTimeoutMs?: number },
): Promise<MockProcess> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [bin, '--port', String(options.port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`mock did not start in ${options.startTimeoutMs ?? 20000} ms:\n${output}`)),
      options.startTimeoutMs ?? 20000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/listening on https?:\/\//.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited (${code}) before listening:\n${output}`));
    });
  });
  try {
    await listening;
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${options.port}`;
  const admin = `${baseUrl}/__admin`;
  let pem: string | undefined;
  let base64: string | undefined;
  const key = await get(`${admin}/platform-key`);
  if (key.status === 200) {
    pem = key.body.trim();
    const bare = await get(`${admin}/platform-key?format=base64`);
    base64 = bare.status === 200 ? bare.body.trim() : pemBody(pem);
  } else {
    // A mock from before GET /__admin/platform-key prints its key when it signs.
    pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(output)?.[0];
    base64 = pem === undefined ? undefined : pemBody(pem);
  }
  let certificate: string | undefined;
  if (options.tls) {
    const cert = await get(`${admin}/tls-certificate`);
    if (cert.status === 200) certificate = cert.body.trim();
  }
  return {
    baseUrl,
    port: options.port,
    tls: options.tls,
    platformPublicKeyPem: pem,
    platformPublicKeyBase64: base64,
    tlsCertificatePem: certificate,
    output: () => output,
    stop,
  };
}
