// store-api as partners run it: a process, its output and its exit code.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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

  it('writes the private key with mode 0600, and leaves no temporary file', async () => {
    expect(statSync(join(work, 'keys/private.pem')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(work, 'keys')).sort()).toEqual(['private.pem', 'public.pem']);
  });

  it('refuses to replace an existing key without --force, naming the file and the flag, exit 2', async () => {
    mkdirSync(join(work, 'kept'));
    writeFileSync(join(work, 'kept/public.pem'), 'the registered key');
    const { code, err } = await run('keygen', '--out', 'kept');
    expect(code).toBe(2);
    expect(err).toContain('store-api keygen: kept/public.pem already exists; give --force to replace it');
    // Nothing written: not even the private key, whose name was free.
    expect(readdirSync(join(work, 'kept'))).toEqual(['public.pem']);
    expect(readFileSync(join(work, 'kept/public.pem'), 'utf8')).toBe('the registered key');
  });

  it('with --force replaces a 0644 private key with a 0600 one, by rename (a hard link to the old keeps it)', async () => {
    mkdirSync(join(work, 'forced'));
    writeFileSync(join(work, 'forced/private.pem'), 'old key');
    chmodSync(join(work, 'forced/private.pem'), 0o644);
    linkSync(join(work, 'forced/private.pem'), join(work, 'old-private.pem'));
    const { code } = await run('keygen', '--out', 'forced', '--force');
    expect(code).toBe(0);
    expect(statSync(join(work, 'forced/private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(work, 'forced/private.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Written in place, the old name would show the new key too.
    expect(readFileSync(join(work, 'old-private.pem'), 'utf8')).toBe('old key');
    expect(readdirSync(join(work, 'forced')).sort()).toEqual(['private.pem', 'public.pem']);
  });

  it.each([
    ['to a file', 'decoy.txt', true],
    ['dangling', 'nowhere.txt', false],
  ])('never writes through a symbolic link at private.pem (%s), even with --force', async (_, target, exists) => {
    const dir = `linked-${target}`;
    mkdirSync(join(work, dir));
    if (exists) writeFileSync(join(work, target), 'not a key');
    symlinkSync(join('..', target), join(work, dir, 'private.pem'));
    const { code, err } = await run('keygen', '--out', dir, '--force');
    expect(code).toBe(2);
    expect(err).toContain(
      `store-api keygen: ${dir}/private.pem is a symbolic link; keygen never writes a key through one (remove it, or give --out another directory)`,
    );
    expect(lstatSync(join(work, dir, 'private.pem')).isSymbolicLink()).toBe(true);
    expect(exists ? readFileSync(join(work, target), 'utf8') : existsSync(join(work, target))).toBe(
      exists ? 'not a key' : false,
    );
    expect(readdirSync(join(work, dir))).toEqual(['private.pem']);
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

describe('store-api sign --body FILE', () => {
  const signBody = (file: string) =>
    run(
      'sign',
      '--key',
      'keys/private.pem',
      '--client-id',
      CLIENT_ID,
      '--body',
      file,
      '--time',
      '2026-11-24T07:01:38+00:00',
    );

  it('refuses a body that is not UTF-8, naming the byte offset, exit 2', async () => {
    writeFileSync(join(work, 'latin1.json'), Buffer.from('{"name":"caf\xe9"}', 'latin1'));
    const { code, out, err } = await signBody('latin1.json');
    expect(code).toBe(2);
    expect(err).toContain(
      'store-api sign: --body: "latin1.json" is not UTF-8: byte 12 (0xe9) starts no UTF-8 sequence; a signature covers the body as UTF-8 text, so save the body as UTF-8',
    );
    expect(out).toBe('');
  });

  it("signs a UTF-8 file's exact bytes (byte order mark, CRLF, trailing newline), and curl sends the file", async () => {
    const file = Buffer.from('\uFEFF{"storeId":"1",\r\n"name":"ร้าน"}\n', 'utf8');
    writeFileSync(join(work, 'exact.json'), file);
    const { code, out } = await signBody('exact.json');
    expect(code).toBe(0);
    const prefix = `POST /v2/pos/syncStore\n${CLIENT_ID}.2026-11-24T07:01:38+00:00.`;
    expect(out).toContain(`string to sign (${Buffer.byteLength(prefix) + file.length} bytes UTF-8,`);
    expect(out).toContain(`${prefix}${file.toString('utf8')}\n`);
    expect(out).toContain("  --data-binary '@exact.json'");
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
