// The built page as a static host serves it: `/` is index.html, a file beside it is itself, anything else a 404
// (no fallback). On 127.0.0.1, a free port; the tests that start it close it.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticHost {
  readonly origin: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string): Promise<StaticHost> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').slice(1);
    const name = path === '' ? 'index.html' : path;
    if (!/^[\w-]+\.[\w.]+$/.test(name) || !existsSync(`${dir}${name}`)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain' });
    res.end(readFileSync(`${dir}${name}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
