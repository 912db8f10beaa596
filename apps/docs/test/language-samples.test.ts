// The Java, Python, Go and PHP samples the docs show (x-codeSamples in the bundle, so exactly the text a partner
// copies) are run with each language's own toolchain: against the published test vector, and against a mock that
// verifies signatures and signs its answers, through S, U (retried) and F, and a broken signature, diagnosed.
// A missing toolchain skips its language with a note, unless CI=true, where it fails: .ci/run installs them.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMock } from '@store-api/mock';
import { generateRsaKeyPair } from '@store-api/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WORK = fileURLToPath(new URL('../.language-samples/', import.meta.url));
const VECTOR = fileURLToPath(new URL('../../../spec/test-vector/signature.json', import.meta.url));
const CLIENT_ID = 'TEST_5X00000000000000';
const bundle = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('@store-api/spec/openapi.json')), 'utf8')) as {
  paths: Record<string, { post: { 'x-codeSamples': { lang: string; source: string }[] } }>;
};
const sourceOf = (lang: string) => {
  const sources = new Set(
    Object.values(bundle.paths).flatMap(({ post }) =>
      post['x-codeSamples'].filter((s) => s.lang === lang).map((s) => s.source),
    ),
  );
  expect(sources.size).toBe(1); // one program per language, shown for both operations
  return [...sources][0] ?? '';
};
const works = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};
const python = ['python3', '/usr/bin/python3'].find((p) => works(p, ['-c', 'import cryptography'])) ?? 'python3';

interface Language {
  readonly lang: string;
  readonly file: string;
  readonly command: readonly string[];
  readonly present: () => boolean;
  readonly install: string;
}
const LANGUAGES: readonly Language[] = [
  {
    lang: 'Java',
    file: 'StoreApi.java',
    command: ['java', 'StoreApi.java'],
    present: () => works('java', ['-version']),
    install: 'apt-get install -y openjdk-17-jdk-headless',
  },
  {
    lang: 'Python',
    file: 'store_api.py',
    command: [python, 'store_api.py'],
    present: () => works(python, ['-c', 'import cryptography']),
    install: 'apt-get install -y python3-cryptography',
  },
  {
    lang: 'Go',
    file: 'store_api.go',
    command: ['go', 'run', 'store_api.go'],
    present: () => works('go', ['version']),
    install: 'apt-get install -y golang-go',
  },
  {
    lang: 'PHP',
    file: 'store_api.php',
    command: ['php', 'store_api.php'],
    present: () => works('php', ['-r', 'exit(function_exists("openssl_sign") ? 0 : 1);']),
    install: 'apt-get install -y php-cli',
  },
];

const partner = generateRsaKeyPair();
let mock: MockServer;
let wrongKeyMock: MockServer;
beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(`${WORK}private-key.pem`, partner.privateKey);
  mock = await startMock({ clients: { [CLIENT_ID]: partner.publicKey }, signResponses: true });
  writeFileSync(`${WORK}platform-public-key.pem`, mock.platformPublicKey ?? '');
  const other = generateRsaKeyPair();
  wrongKeyMock = await startMock({ clients: { [CLIENT_ID]: other.publicKey } });
});
afterAll(async () => {
  await Promise.all([mock?.close(), wrongKeyMock?.close()]);
  rmSync(WORK, { recursive: true, force: true });
});

for (const language of LANGUAGES) {
  const present = language.present();
  const required = process.env.CI === 'true';
  if (!present && !required)
    console.log(
      `skipped: the ${language.lang} samples need ${language.command[0]} (${language.install}); CI=true makes this a failure`,
    );
  describe.skipIf(!present && !required)(`the ${language.lang} sample`, () => {
    const dir = `${WORK}${language.lang}/`;
    const exec = (env: Record<string, string>) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        const [command, ...args] = language.command;
        execFile(
          command ?? '',
          args,
          { cwd: dir, timeout: 120_000, env: { ...process.env, PRIVATE_KEY: `${WORK}private-key.pem`, ...env } },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : Number(error.code ?? 1), out: `${stdout}${stderr}` }),
        );
      });
    beforeAll(() => {
      expect(present, `${language.command[0]} is not installed: ${language.install}`).toBe(true);
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}${language.file}`, sourceOf(language.lang));
    });

    it('reproduces the published test vector', async () => {
      const { code, out } = await exec({ TEST_VECTOR: VECTOR });
      expect(out.trim()).toBe(
        'test vector: string to sign matches; request signature matches; response signature verifies',
      );
      expect(code).toBe(0);
    });

    it('calls both operations against a verifying mock and verifies its signed answers', async () => {
      const { code, out } = await exec({ BASE_URL: mock.url, PLATFORM_PUBLIC_KEY: `${WORK}platform-public-key.pem` });
      expect(out.trim().split('\n')).toEqual(['syncStore: S SUCCESS', 'updateStore: S SUCCESS']);
      expect(code).toBe(0);
    });

    it('retries a U with the same request, then reports it still unknown', async () => {
      const { out } = await exec({ BASE_URL: mock.url, PREFER: 'example=UNKNOWN_EXCEPTION' });
      expect(out).toContain(
        'syncStore: U UNKNOWN_EXCEPTION (still unknown after 3 attempts: retry later with the same body)',
      );
      expect(out).toContain('updateStore: U UNKNOWN_EXCEPTION (still unknown after 3 attempts');
    });

    it('does not retry an F', async () => {
      const { out } = await exec({ BASE_URL: mock.url, PREFER: 'example=PARAM_ILLEGAL' });
      expect(out).toMatch(/^syncStore: F PARAM_ILLEGAL \(do not retry: /m);
      expect(out).toMatch(/^updateStore: F PARAM_ILLEGAL \(do not retry: /m);
    });

    it('gets INVALID_SIGNATURE with a diagnosis naming the cause when the registered key is another', async () => {
      const { out } = await exec({ BASE_URL: wrongKeyMock.url });
      expect(out).toMatch(/^syncStore: F INVALID_SIGNATURE/m);
      expect(out).toMatch(/^diagnosis: \{"cause":"key",/m);
    });
  });
}
