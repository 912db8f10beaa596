// `npm run pack`: an installable tarball of every public package, for partners who cannot reach a registry that has
// them, and SHA256SUMS beside them (as `sha256sum -c SHA256SUMS` reads it). Writes to dist-packages/, or to
// `--out DIR`. The packages must be built: `npm run pack` builds them first.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist-packages' } } });
const out = resolve(values.out);

interface Manifest {
  name: string;
  private?: boolean;
}

/** The workspace directories whose package is not private, from the root's `workspaces` (`dir` or `dir/*`). */
function publicPackages(): string[] {
  const { workspaces } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(ROOT, pattern)];
    const parent = join(ROOT, pattern.slice(0, -2));
    return readdirSync(parent).map((name) => join(parent, name));
  });
  return dirs.filter((dir) => {
    if (!existsSync(join(dir, 'package.json'))) return false;
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest).private !== true;
  });
}

mkdirSync(out, { recursive: true });
// A glob such as ./dist-packages/store-api-client-*.tgz must not also pick up an older version.
for (const name of readdirSync(out))
  if (/^store-api-.+\.tgz$/.test(name) || name === 'SHA256SUMS') rmSync(join(out, name));

const sums: string[] = [];
for (const dir of publicPackages()) {
  const packed = execFileSync('npm', ['pack', '--pack-destination', out, '--json'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename } = { filename: '' }] = JSON.parse(packed) as { filename: string }[];
  const file = join(out, filename);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  sums.push(`${sha256}  ${filename}\n`);
  const kb = (statSync(file).size / 1024).toFixed(1);
  console.log(`pack: ${relative(ROOT, dir)} -> ${relative(process.cwd(), file)} (${kb} KiB, sha256 ${sha256})`);
}
sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
writeFileSync(join(out, 'SHA256SUMS'), sums.join(''));
console.log(
  `pack: ${sums.length} tarballs and SHA256SUMS in ${relative(process.cwd(), out) || '.'}/; check them with \`sha256sum -c SHA256SUMS\` there, install them with \`npm install ./${relative(process.cwd(), out)}/store-api-client-*.tgz …\` (README: Install without a registry)`,
);
