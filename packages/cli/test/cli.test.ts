// store-api as partners run it: a process, its output and its exit code.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
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
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
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

  it('says what differs, like the mock does, exit 1', async () => {
    const { code, out } = await verifyAt(await signed('1795503698000'));
    expect(code).toBe(1);
    expect(out).toMatch(
      /^INVALID \(time\): the time signed was "1795503698000", the same instant as the Request-Time header's "2026-11-24T07:01:38\+00:00" in another form: sign the header's exact text\n/,
    );
  });

  it('names a time signed other than the one sent, with the key right, not the key', async () => {
    const { code, out } = await verifyAt(await signed('2026-11-24T07:01:37+00:00'));
    expect(code).toBe(1);
    expect(out).toMatch(/^INVALID \(time\): the time signed was "2026-11-24T07:01:37\+00:00", 1 s before/);
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
    [['nonsense'], 'store-api: unknown command "nonsense"; store-api --help lists the commands'],
    [['sign', '--client-id', CLIENT_ID], '--key is required'],
    [['validate', 'deleteStore', '--data', '{}'], 'say which operation'],
    [['validate', 'syncStore', '--data', '{'], 'the body is not JSON'],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});

describe('conventions', () => {
  const COMMANDS = ['keygen', 'sign', 'verify', 'validate'];
  it.each(
    COMMANDS.flatMap((command) => [
      [command, '--help'],
      [command, '-h'],
    ]),
  )("%s %s prints that command's own usage, exit 0", async (command, flag) => {
    const { code, out } = await run(command, flag);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^usage: store-api ${command} `));
    for (const other of COMMANDS.filter((c) => c !== command)) expect(out).not.toContain(`store-api ${other} `);
  });

  it.each([['--help'], ['-h'], ['help']])('%s prints every command, exit 0', async (flag) => {
    const { code, out } = await run(flag);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(out).toContain(`  store-api ${command} `);
  });

  it.each([['--version'], ['-v']])('%s prints the version from package.json', async (flag) => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await run(flag)).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });
});

describe('store-api sign --time', () => {
  const words = bundle.components.parameters.RequestTime.schema['x-pattern-words'];
  const signAt = (time: string) =>
    run('sign', '--key', 'keys/private.pem', '--client-id', CLIENT_ID, '--data', '{}', '--time', time);

  it.each([
    '2023-08-28T22:16:07+08:00',
    '2023-08-28T14:16:07Z',
    '2023-08-28T22:16:07+0800',
    '2025-02-20T08:51:49.09Z',
    '1795503698224',
  ])('takes %s, a form the gateway accepts', async (time) => {
    const { code, out } = await signAt(time);
    expect(code).toBe(0);
    expect(out).toContain(`${CLIENT_ID}.${time}.{}`);
  });

  it.each(['2026-11-24T07:01', '2026-11-24 07:01:38+00:00', '2026-11-24T07:01:38', '1795503698', 'now'])(
    "refuses %s in the contract's words, exit 2",
    async (time) => {
      const { code, out, err } = await signAt(time);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(
        `store-api sign: --time must be ${words} (got ${JSON.stringify(time)}) (store-api sign --help for its usage)\n`,
      );
    },
  );

  it.each(['2026-02-30T07:01:00Z', '2026-13-01T00:00:00Z', '2026-11-24T24:00:00+00:00'])(
    'refuses %s, the right form but no real time, exit 2',
    async (time) => {
      const { code, err } = await signAt(time);
      expect(code).toBe(2);
      expect(err).toBe(
        `store-api sign: --time ${JSON.stringify(time)} has the form of a Request-Time but is no real date and time (store-api sign --help for its usage)\n`,
      );
    },
  );
});

describe('the wrong kind of key', () => {
  const PRIVATE =
    'an RSA private key (PKCS#8 PEM, -----BEGIN PRIVATE KEY-----, as store-api keygen writes private.pem)';
  const PUBLIC = 'an RSA public key (SPKI PEM, -----BEGIN PUBLIC KEY-----, as store-api keygen writes public.pem)';
  const signWith = (file: string) => run('sign', '--key', file, '--client-id', CLIENT_ID, '--data', '{}');
  const verifyWith = (file: string) =>
    run(
      'verify',
      '--public-key',
      file,
      '--client-id',
      CLIENT_ID,
      '--time',
      '1795503698224',
      '--signature',
      'algorithm=RSA256,signature=x',
      '--data',
      '{}',
    );
  beforeAll(() => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(work, 'ec-private.pem'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(work, 'not-a-key.pem'), 'hello');
  });

  it.each([
    ['sign', 'keys/public.pem', `--key "keys/public.pem" is an RSA public key; sign needs ${PRIVATE}`],
    ['sign', 'ec-private.pem', `--key "ec-private.pem" is an EC private key; sign needs ${PRIVATE}`],
    ['sign', 'not-a-key.pem', `--key "not-a-key.pem" is not a PEM key; sign needs ${PRIVATE}`],
    ['verify', 'keys/private.pem', `--public-key "keys/private.pem" is an RSA private key; verify needs ${PUBLIC}`],
    ['verify', 'not-a-key.pem', `--public-key "not-a-key.pem" is not a PEM key; verify needs ${PUBLIC}`],
  ])('%s given %s gets one line naming the file and the kind expected, exit 2', async (command, file, message) => {
    const { code, out, err } = await (command === 'sign' ? signWith(file) : verifyWith(file));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`store-api ${command}: ${message} (store-api ${command} --help for its usage)\n`);
  });
});

describe('exit codes', () => {
  const cases: readonly (readonly [number, string, () => Promise<{ code: number }>])[] = [
    [0, 'sign signs', () => run('sign', '--key', 'keys/private.pem', '--client-id', CLIENT_ID, '--data', '{}')],
    [
      1,
      'verify finds the signature invalid',
      () =>
        run(
          'verify',
          '--public-key',
          'keys/public.pem',
          '--client-id',
          CLIENT_ID,
          '--time',
          '1795503698224',
          '--signature',
          'algorithm=RSA256,signature=x',
          '--data',
          '{}',
        ),
    ],
    [2, 'a usage error', () => run('sign')],
    [3, 'anything else (keygen --out through a file)', () => run('keygen', '--out', 'body.json')],
  ];
  it.each(cases)('%i when %s', async (code, _when, command) => {
    expect((await command()).code).toBe(code);
  });

  it('are the ones the README lists', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| `(\d)` +\|/gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(cases.map(([code]) => code));
  });
});
