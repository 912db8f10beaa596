// A Verdaccio registry for one test run: its storage and users in a directory the caller owns, listening on
// 127.0.0.1 only. @store-api/* are served from its storage alone (never proxied, so a release can only land here);
// every other package comes through the given upstream, which is read at run time and written into no file: the
// configuration reaches Verdaccio's runServer() through the environment of the process that runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@store-api/test-support';

export interface Registry {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  /** A publish token for a user made through the registry's REST API. */
  readonly token: string;
  /** What Verdaccio printed, for a failure's message. */
  log(): string;
  close(): Promise<void>;
}

function config(dir: string, upstream: string): string {
  return JSON.stringify({
    self_path: dir,
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
    uplinks: { upstream: { url: upstream, timeout: '60s', max_fails: 5 } },
    packages: {
      '@store-api/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', proxy: 'upstream' },
    },
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  });
}

/** Run by `node -e`: Verdaccio's own server factory, its configuration from the environment. */
const RUNNER = `const { runServer } = require(process.env.STORE_API_VERDACCIO);
runServer(JSON.parse(process.env.STORE_API_VERDACCIO_CONFIG)).then((server) =>
  server.listen(Number(process.env.STORE_API_VERDACCIO_PORT), '127.0.0.1'),
);`;

/**
 * Starts Verdaccio (on `node`, which must be Node 22 or later; `verdaccio` is its package's directory) and creates a
 * user; rejects with its log.
 */
export async function startRegistry(options: {
  dir: string;
  upstream: string;
  node: string;
  verdaccio: string;
}): Promise<Registry> {
  mkdirSync(options.dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child: ChildProcess = spawn(options.node, ['-e', RUNNER], {
    cwd: options.dir,
    env: {
      ...process.env,
      STORE_API_VERDACCIO: options.verdaccio,
      STORE_API_VERDACCIO_CONFIG: config(options.dir, options.upstream),
      STORE_API_VERDACCIO_PORT: String(port),
    },
    // Its own process group, so close() stops it and anything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!stopped) process.kill(-child.pid, 'SIGKILL');
    }
    await exited;
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
      const ping = await fetch(new URL('-/ping', url)).catch(() => undefined);
      if (ping?.ok) break;
      if (Date.now() > deadline) throw new Error('verdaccio did not answer /-/ping within 30 s');
      await sleep(200);
    }
    const created = await fetch(new URL('-/user/org.couchdb.user:release', url), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: 'release-test-only' }),
    });
    const { token } = (await created.json()) as { token?: string };
    if (!created.ok || token === undefined) throw new Error(`verdaccio refused the user: ${created.status}`);
    return { url, token, log: () => output, close };
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
