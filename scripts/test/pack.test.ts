// `npm run pack` as the README's "Install without a registry" shows it: tarballs of every public package and
// SHA256SUMS, then, in an empty partner project, the README's own commands, line by line: the sums check and the
// client installs from the tarballs alone (its dependencies outside the repo still come from npm).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISHED = [
  'spec',
  'packages/types',
  'packages/validator',
  'packages/signing',
  'packages/client',
  'packages/mock',
  'packages/cli',
];
// A partner's shell: none of the npm_* variables `npm test` passes down.
const env = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
});
const run = (command: string, args: string[], cwd: string) =>
  exec(command, args, { cwd, env: env(), maxBuffer: 32 * 1024 * 1024, timeout: 240_000 }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    },
  );

/** The shell lines of the first ```sh block under the README's "Install without a registry". */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Install without a registry\n')) ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}

let scratch: string;
let project: string;
let packOutput = '';
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'store-api-pack-'));
  project = join(scratch, 'partner');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner', private: true, type: 'module' }));
  const { stdout } = await run('npm', ['run', 'pack', '--', '--out', join(project, 'dist-packages')], ROOT);
  packOutput = stdout;
}, 300_000);
afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe('npm run pack', () => {
  it('writes one tarball per public package, named with its version, and says so', () => {
    const expected = PUBLISHED.map((dir) => {
      const { name, version } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      return `${name.replace('@', '').replace('/', '-')}-${version}.tgz`;
    }).sort();
    const written = readdirSync(join(project, 'dist-packages')).filter((name) => name.endsWith('.tgz'));
    expect(written.sort()).toEqual(expected);
    for (const tarball of expected) expect(packOutput).toContain(tarball);
    expect(packOutput).toMatch(/pack: 7 tarballs and SHA256SUMS in /);
  });

  it('lists each tarball in SHA256SUMS, in the form sha256sum -c reads', () => {
    const sums = readFileSync(join(project, 'dist-packages/SHA256SUMS'), 'utf8').trimEnd().split('\n');
    expect(sums).toHaveLength(PUBLISHED.length);
    for (const line of sums) expect(line).toMatch(/^[0-9a-f]{64} {2}store-api-[a-z]+-\d+\.\d+\.\d+\.tgz$/);
  });

  it("the README's commands, run in a partner project: the sums check out and the client installs and loads", async () => {
    const commands = readmeCommands();
    expect(commands.some((line) => line.startsWith('npm install ./dist-packages/store-api-client-'))).toBe(true);
    for (const line of commands) await run('sh', ['-c', line], project);
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['@store-api/client']).toMatch(/^file:dist-packages\/store-api-client-.+\.tgz$/);
    const { stdout } = await run(
      'node',
      [
        '--input-type=module',
        '-e',
        "const m = await import('@store-api/client'); console.log(typeof m.createStoreClient)",
      ],
      project,
    );
    expect(stdout.trim()).toBe('function');
  }, 240_000);

  it('a tarball changed after packing fails the sums check', async () => {
    const dir = join(project, 'dist-packages');
    const tarball = readdirSync(dir).find((name) => name.startsWith('store-api-types-')) ?? '';
    writeFileSync(join(dir, tarball), Buffer.concat([readFileSync(join(dir, tarball)), Buffer.from('x')]));
    await expect(run('sh', ['-c', 'sha256sum -c SHA256SUMS'], dir)).rejects.toThrow(/FAILED/);
  });
});
