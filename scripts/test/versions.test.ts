// One version for the contract: info.version, the spec package and every package that embeds the spec.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const config = read('.changeset/config.json') as { fixed: string[][] };
const dirOf: Record<string, string> = {
  '@store-api/spec': 'spec',
  '@store-api/types': 'packages/types',
  '@store-api/validator': 'packages/validator',
  '@store-api/client': 'packages/client',
  '@store-api/mock': 'packages/mock',
  '@store-api/signing': 'packages/signing',
  '@store-api/cli': 'packages/cli',
};

describe('versions', () => {
  const bundle = read('spec/dist/openapi.json') as { info: { version: string } };
  const group = config.fixed[0] ?? [];

  it('keeps every package that embeds the spec in one fixed changeset group', () => {
    expect([...group].sort()).toEqual(Object.keys(dirOf).sort());
  });

  it('gives info.version, the spec package and the packages that embed it one version', () => {
    const versions = group.map((name) => [name, read(`${dirOf[name]}/package.json`).version]);
    expect(Object.fromEntries(versions)).toEqual(Object.fromEntries(group.map((name) => [name, bundle.info.version])));
  });

  it('pins the workspace packages to each other at that version', () => {
    for (const name of group) {
      const manifest = read(`${dirOf[name]}/package.json`) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies'] as const) {
        for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
          if (dependency in dirOf)
            expect(`${name} → ${dependency}@${range}`).toBe(`${name} → ${dependency}@${bundle.info.version}`);
        }
      }
    }
  });

  it('compares against a released baseline of the same major version or older', () => {
    const baseline = read('spec/released/openapi.json') as { info: { version: string } };
    expect(Number(baseline.info.version.split('.')[0])).toBeLessThanOrEqual(Number(bundle.info.version.split('.')[0]));
  });
});
