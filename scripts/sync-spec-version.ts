// After `changeset version`: writes @store-api/spec's new version into spec/openapi.yaml's info.version, so the
// contract, its bundle and the packages that embed it share one version.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('spec/package.json', 'utf8')) as { version: string };
const root = readFileSync('spec/openapi.yaml', 'utf8');
const updated = root.replace(/^( {2}version: ).*$/m, `$1${version}`);
if (!/^ {2}version: /m.test(root)) throw new Error('sync-spec-version: spec/openapi.yaml has no info.version line');
writeFileSync('spec/openapi.yaml', updated);
console.log(`sync-spec-version: info.version is ${version}${updated === root ? ' (unchanged)' : ''}`);
