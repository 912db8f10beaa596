// Compares the working bundle with the last released one and fails on a breaking change, unless the major part
// of info.version was bumped.
//   node scripts/check-breaking.ts [--base spec/released/openapi.json | --base git:<ref>]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { judge } from './lib/breaking-changes.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'spec/released/openapi.json' },
    head: { type: 'string', default: 'spec/dist/openapi.json' },
  },
});
const load = (where: string) =>
  JSON.parse(
    where.startsWith('git:')
      ? execFileSync('git', ['show', `${where.slice(4)}:spec/dist/openapi.json`], { encoding: 'utf8' })
      : readFileSync(where, 'utf8'),
  );

const verdict = judge(load(values.base), load(values.head));
const versions = `${verdict.baseVersion} (${values.base}) → ${verdict.headVersion} (${values.head})`;
for (const change of verdict.changes) console.log(`  ${change.rule}: ${change.message}`);
if (!verdict.ok) {
  console.error(
    `check:breaking: ${verdict.changes.length} breaking change(s) without a new major version, ${versions}.`,
  );
  console.error('Make the change compatible, or bump the major version (a changeset with a major bump).');
  process.exit(1);
}
console.log(
  verdict.changes.length === 0
    ? `check:breaking: no breaking change, ${versions}.`
    : `check:breaking: ${verdict.changes.length} breaking change(s), allowed by the new major version, ${versions}.`,
);
