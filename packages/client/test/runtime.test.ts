// The published client must run on Node >= 20 even though this repo's scripts run on a pinned Node 24. npm runs
// on the machine's own Node and names it in npm_node_execpath: run the built client there.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ScriptedServer, startScriptedServer } from '@store-api/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import replies from './fixtures/replies.json' with { type: 'json' };

const hostNode = process.env.npm_node_execpath ?? process.execPath;
let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer([{ body: replies.unknown }, { body: replies.success }]);
});
afterAll(() => server.close());

describe('the built client on the machine’s own Node', () => {
  it('signs, retries a U and returns the S outcome', async () => {
    const script = fileURLToPath(new URL('./fixtures/smoke-call.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(hostNode, [script, server.url], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    const result = JSON.parse(stdout);
    expect(Number(result.node.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
    expect(result).toMatchObject({ status: 'S', code: 'SUCCESS', attempts: 2 });
    expect(server.received[1]?.body).toBe(server.received[0]?.body);
  });
});
