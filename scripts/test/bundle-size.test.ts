// bench:client's size figure: the first load is the entry and what it imports statically; a dynamic import()
// waits. And the client keeps openapi-fetch out of its first load (client.raw imports it on first use).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSize } from '../lib/bundle-size.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundleSize', () => {
  it('counts static imports in the first load and a dynamic import() in the later one', async () => {
    // Incompressible-ish text of known sizes, so each module shows in the gzip figures.
    const text = (seed: number) => Array.from({ length: 400 }, (_, i) => ((i * 7919 + seed) % 10007).toString(36));
    writeFileSync(join(dir, 'shared.js'), `export const shared = ${JSON.stringify(text(1))};\n`);
    writeFileSync(
      join(dir, 'eager.js'),
      `import { shared } from './shared.js';\nexport const eager = [shared, ${JSON.stringify(text(2))}];\n`,
    );
    writeFileSync(
      join(dir, 'lazy.js'),
      `import { shared } from './shared.js';\nexport const lazy = [shared, ${JSON.stringify(text(3))}];\n`,
    );
    const size = await bundleSize(
      "export { eager } from './eager.js';\nexport const later = () => import('./lazy.js');",
      dir,
    );
    expect([...size.firstInputs].sort()).toEqual(['<stdin>', 'eager.js', 'shared.js']);
    expect(size.laterInputs).toEqual(['lazy.js']);
    expect(size.first).toBeGreaterThan(size.later);
    expect(size.later).toBeGreaterThan(500);
  });
});

describe("the client's first load", () => {
  it('holds the typed client and the signer but not openapi-fetch, which client.raw loads on first use', async () => {
    const size = await bundleSize("export * from '@store-api/client';", ROOT);
    const inFirst = (part: string) => size.firstInputs.some((input) => input.includes(part));
    const inLater = (part: string) => size.laterInputs.some((input) => input.includes(part));
    expect(inFirst('packages/client/dist/client.js')).toBe(true);
    expect(inFirst('packages/signing/dist/signature.js')).toBe(true);
    expect(inFirst('openapi-fetch')).toBe(false);
    expect(inLater('openapi-fetch')).toBe(true);
    expect(inLater('packages/client/dist/raw.js')).toBe(true);
  });
});
