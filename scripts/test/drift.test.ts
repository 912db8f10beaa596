// The drift guard: a generated file that differs from what the spec produces is caught.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { driftedFiles } from '../lib/drift.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'store-api-drift-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('drift detection', () => {
  const repo = join(scratch, 'repo');
  mkdirSync(join(repo, 'gen'), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
  git('init', '-q');
  writeFileSync(join(repo, 'gen/out.json'), '{"a":1}\n');
  writeFileSync(join(repo, 'source.txt'), 'x\n');
  git('add', '.');
  git('commit', '-qm', 'generated');

  it('finds nothing when the generated files are as committed', () => {
    expect(driftedFiles(repo, ['gen'])).toEqual([]);
  });

  it('finds a generated file edited by hand, and a new one, but not a change elsewhere', () => {
    writeFileSync(join(repo, 'gen/out.json'), '{"a":2}\n');
    writeFileSync(join(repo, 'gen/extra.json'), '{}\n');
    writeFileSync(join(repo, 'source.txt'), 'y\n');
    expect(driftedFiles(repo, ['gen']).sort()).toEqual(['gen/extra.json', 'gen/out.json']);
  });
});

describe('the real generators catch stale output', () => {
  it('the committed types match the bundle, and a hand edit fails openapi-typescript --check', async () => {
    const cli = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
    const bundle = join(ROOT, 'spec/dist/openapi.yaml');
    const args = ['--root-types', '--root-types-no-schema-prefix', '--check'];
    const committed = join(ROOT, 'packages/types/src/generated/openapi.ts');
    // From the types package, as its build runs (at the root, openapi-typescript would read redocly.yaml's apis).
    const cwd = join(ROOT, 'packages/types');
    await expect(run(process.execPath, [cli, bundle, '-o', committed, ...args], { cwd })).resolves.toBeDefined();
    const edited = join(scratch, 'openapi.ts');
    writeFileSync(edited, readFileSync(committed, 'utf8').replace('resultCode: string;', 'resultCode: number;'));
    await expect(run(process.execPath, [cli, bundle, '-o', edited, ...args], { cwd })).rejects.toMatchObject({
      stderr: expect.stringContaining('Generated types are not up-to-date'),
    });
  });

  it('the committed bundle is what Redocly bundles from the sources now, and a hand edit is not', async () => {
    const redocly = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
    const fresh = join(scratch, 'openapi.json');
    await run(process.execPath, [redocly, 'bundle', 'spec/openapi.yaml', '--config', 'redocly.yaml', '-o', fresh], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    });
    const committed = readFileSync(join(ROOT, 'spec/dist/openapi.json'), 'utf8');
    expect(readFileSync(fresh, 'utf8')).toBe(committed);
    // A hand edit committed to the bundle is found once the build writes the bundle again, as check:drift runs:
    // a repository holding the edited bundle, then the fresh one written over it.
    const edited = committed.replace('"maxLength": 255', '"maxLength": 254');
    expect(edited).not.toBe(committed); // the edit found something to change
    const repo = join(scratch, 'bundle-repo');
    mkdirSync(join(repo, 'spec/dist'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    git('init', '-q');
    writeFileSync(join(repo, 'spec/dist/openapi.json'), edited);
    git('add', '.');
    git('commit', '-qm', 'a hand-edited bundle');
    writeFileSync(join(repo, 'spec/dist/openapi.json'), readFileSync(fresh, 'utf8'));
    expect(driftedFiles(repo, ['spec/dist'])).toEqual(['spec/dist/openapi.json']);
  }, 30_000);
});
