// store-api as partners run it: a process, its output and its exit code.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMock } from '@store-api/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'store-api-cli-'));
const CLIENT_ID = 'TEST_5X00000000000000';
const run = (...args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd: work, timeout: 30_000 }, (error, out, err) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), out, err }),
    );
  });

let mock: MockServer;
beforeAll(async () => {
  expect((await run('keygen', '--out', 'keys')).code).toBe(0);
  mock = await startMock({ clients: { [CLIENT_ID]: readFileSync(join(work, 'keys/public.pem'), 'utf8') } });
  writeFileSync(join(work, 'body.json'), '{"storeId":"000000032","name":"ร้าน 🍜"}');
});
afterAll(async () => {
  await mock.close();
  rmSync(work, { recursive: true, force: true });
});

describe('store-api keygen', () => {
  it('writes a PKCS#8 private key and an SPKI public key, and prints the fingerprint', async () => {
    expect(readFileSync(join(work, 'keys/private.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(join(work, 'keys/public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await run('keygen', '--out', 'other')).out).toMatch(/fingerprint: sha256:[0-9a-f]{64}/);
  });
});

describe('store-api sign', () => {
  it('prints the string to sign, a header the mock accepts, and a curl command', async () => {
    const uri = '/v2/pds/store/updateStore';
    const { code, out } = await run(
      'sign',
      '--key',
      'keys/private.pem',
      '--client-id',
      CLIENT_ID,
      '--body',
      'body.json',
      '--uri',
      uri,
      '--time',
      '2026-11-24T07:01:38+00:00',
      '--key-version',
      '1',
      '--base-url',
      mock.url,
    );
    expect(code).toBe(0);
    expect(out).toContain(`POST ${uri}\n${CLIENT_ID}.2026-11-24T07:01:38+00:00.{"storeId":"000000032"`);
    expect(out).toMatch(/bytes UTF-8, sha256 [0-9a-f]{64}/);
    const header = /^Signature: (.+)$/m.exec(out)?.[1] ?? '';
    expect(header).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(out).toContain(`curl -sS -X POST '${mock.url}${uri}'`);
    const response = await fetch(`${mock.url}${uri}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'client-id': CLIENT_ID,
        'request-time': '2026-11-24T07:01:38+00:00',
        signature: header,
      },
      body: readFileSync(join(work, 'body.json')),
    });
    expect(await response.json()).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  });
});

describe('store-api verify', () => {
  const signed = async (time: string) =>
    /^Signature: (.+)$/m.exec(
      (await run('sign', '--key', 'keys/private.pem', '--client-id', CLIENT_ID, '--body', 'body.json', '--time', time))
        .out,
    )?.[1] ?? '';

  /** `store-api verify` of the body, as received at 2026-11-24T07:01:38+00:00, against `header`. */
  const verifyAt = (header: string) =>
    run(
      'verify',
      '--public-key',
      'keys/public.pem',
      '--client-id',
      CLIENT_ID,
      '--time',
      '2026-11-24T07:01:38+00:00',
      '--signature',
      header,
      '--body',
      'body.json',
    );

  it('says valid, exit 0', async () => {
    const { code, out } = await verifyAt(await signed('2026-11-24T07:01:38+00:00'));
    expect(code).toBe(0);
    expect(out).toMatch(/^valid: the signature verifies/);
  });

  it('explains a failure like the mock does, exit 1', async () => {
    const { code, out } = await verifyAt(await signed('1795503698224'));
    expect(code).toBe(1);
    expect(out).toMatch(/^INVALID \(key\)|^INVALID \(time\)/);
  });
});

describe('store-api validate', () => {
  it('accepts a valid body, exit 0, with its warnings', async () => {
    writeFileSync(
      join(work, 'store.json'),
      '{"requestId":"r","posAccountId":"a","store":{"posStoreId":"p","nmae":"x"}}',
    );
    const { code, out } = await run('validate', 'syncStore', 'store.json');
    expect(code).toBe(0);
    expect(out).toContain('warning: store.nmae: is not a field of DetailedStoreInfo that the contract knows');
    expect(out).toContain('valid syncStore request');
  });

  it('names each field and rule of an invalid body, exit 1', async () => {
    const { code, out } = await run('validate', 'updateStore', '--data', '{"storeId":"","businessRule":[]}');
    expect(code).toBe(1);
    expect(out).toContain('violation: storeId: must not be empty');
    expect(out).toContain('violation: businessRule: is not a field of UpdateStoreRequest; did you mean businessRules?');
  });
});

describe('usage errors', () => {
  it.each([
    [['nonsense'], 'unknown command "nonsense"'],
    [['sign', '--client-id', CLIENT_ID], '--key is required'],
    [['validate', 'deleteStore', '--data', '{}'], 'say which operation'],
    [['validate', 'syncStore', '--data', '{'], 'the body is not JSON'],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
