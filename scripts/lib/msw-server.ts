// MSW behind node:http, for the mock bench: the way a partner would serve MSW handlers over a socket. One handler per
// operation of the bundle, answering its documented SUCCESS example, through msw's own `getResponse` (the supported
// way to run handlers without intercepting a client). MSW checks nothing of the request: that is what it is.
//   PORT=4010 node scripts/lib/msw-server.ts <folder where msw is installed>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readOperations } from '@store-api/validator/contract';

/** The part of msw this server uses (msw is installed at bench time, outside the repo, so it has no types here). */
interface Msw {
  http: Record<string, (path: string, resolver: () => Response) => unknown>;
  HttpResponse: { json(body: unknown): Response };
  getResponse(handlers: unknown[], request: Request): Promise<Response | undefined>;
}

const peers = process.argv[2];
if (peers === undefined) throw new Error('usage: msw-server.ts <folder where msw is installed>');
const peerRequire = createRequire(join(peers, 'package.json'));
const msw = (await import(pathToFileURL(peerRequire.resolve('msw')).href)) as Msw;

const require = createRequire(import.meta.url);
const bundle: unknown = JSON.parse(readFileSync(require.resolve('@store-api/spec/openapi.json'), 'utf8'));
const handlers = readOperations(bundle).map((operation) => {
  const examples = operation.responses['200']?.examples ?? [];
  const success = examples.find((example) => example.name === 'SUCCESS') ?? examples[0];
  const method = msw.http[operation.method.toLowerCase()];
  if (method === undefined || success === undefined) throw new Error(`no MSW handler for ${operation.operationId}`);
  // `*` for any origin: a relative path has no page to be relative to in Node.
  return method(`*${operation.path}`, () => msw.HttpResponse.json(success.value));
});

/** The most a request body may be here, as the mock's default bound. */
const MAX_BODY_BYTES = 1024 * 1024;

createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', async () => {
    if (size > MAX_BODY_BYTES) return void res.writeHead(413).end();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const response = await msw.getResponse(handlers, request);
    if (response === undefined) return void res.writeHead(404).end();
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
