// Every pending changeset must be one changesets can read: `npm run version` and `npm run release` read them all,
// and one that does not parse (a Markdown formatter once turned the front matter into a heading) stops the release.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import parse from '@changesets/parse';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../.changeset/', import.meta.url));
const PACKAGES = new Set(
  ['spec', 'types', 'validator', 'client', 'mock', 'signing', 'cli'].map((name) => `@store-api/${name}`),
);
const files = readdirSync(DIR).filter((name) => name.endsWith('.md') && name !== 'README.md');

describe('pending changesets', () => {
  it.each(files)('%s names public packages and a summary, as changesets parses it', (name) => {
    const changeset = parse(readFileSync(`${DIR}${name}`, 'utf8'));
    expect(changeset.releases.length).toBeGreaterThan(0);
    for (const release of changeset.releases) {
      expect(PACKAGES).toContain(release.name);
      expect(['major', 'minor', 'patch']).toContain(release.type);
    }
    expect(changeset.summary.trim()).not.toBe('');
  });
});
