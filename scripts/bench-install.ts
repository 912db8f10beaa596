// What installing the mock costs a partner, beside the tools they would install instead (issue 25, goal 5): the
// packed tarballs of @store-api/mock and the workspace packages it depends on, @stoplight/prism-cli and
// @mockoon/cli, each installed by npm into an empty project of its own. Counts the packages npm placed
// (node_modules/.package-lock.json) and the disk they take (allocated blocks, as `du`). Install scripts are not run
// (Prism's scarf would report home). Goal: the mock ≤ 0.5× prism-cli, in packages and in MB.
//   node scripts/bench-install.ts [--json]   (the packages must be built: `npm run build`)
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GOAL = 0.5;
// Used only while no workspace manifest pins @mockoon/cli (the bench's peer runs would pin it there).
const MOCKOON_FALLBACK = '9.9.0';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** The root's and every workspace's manifest, from the root's `workspaces` (`dir` or `dir/*`). */
function manifests(): Manifest[] {
  const root = read(join(ROOT, 'package.json')) as Manifest & { workspaces: string[] };
  const dirs = root.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(ROOT, pattern.slice(0, -2))).map((name) => join(ROOT, pattern.slice(0, -2), name))
      : [join(ROOT, pattern)],
  );
  return [
    root,
    ...dirs.filter((dir) => existsSync(join(dir, 'package.json'))).map((dir) => read(join(dir, 'package.json'))),
  ];
}
const workspace = manifests();

/** The version of `name` the repository pins (in any manifest's dependencies or devDependencies). */
function pinned(name: string): string | undefined {
  for (const manifest of workspace) {
    const version = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (version !== undefined) return version;
  }
  return undefined;
}

/** `name` and the workspace packages it needs at run time (its dependencies, transitively), as tarball names. */
function tarballsOf(name: string): string[] {
  const byName = new Map(workspace.map((manifest) => [manifest.name, manifest]));
  const needed = new Set<string>();
  const queue = [name];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const manifest = byName.get(next);
    if (manifest === undefined || needed.has(next)) continue;
    needed.add(next);
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return [...needed].map((dep) => `${dep.replace(/^@/, '').replace('/', '-')}-${byName.get(dep)?.version}.tgz`);
}

/** Disk taken under `dir`: allocated blocks, each file once (hard links), symbolic links not followed. */
function diskBytes(dir: string, seen = new Set<string>()): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = lstatSync(path, { bigint: true });
    const inode = `${stat.dev}:${stat.ino}`;
    if (seen.has(inode)) continue;
    seen.add(inode);
    total += Number(stat.blocks) * 512;
    if (entry.isDirectory()) total += diskBytes(path, seen);
  }
  return total;
}

interface Installed {
  readonly name: string;
  readonly specs: readonly string[];
  readonly packages: number;
  readonly mb: number;
  readonly seconds: number;
}

const npmEnv = {
  ...process.env,
  SCARF_ANALYTICS: 'false',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

function install(work: string, name: string, specs: string[]): Installed {
  const dir = join(work, name.replace(/[@/]/g, '_'));
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-install', private: true }));
  if (!values.json) console.log(`bench-install: npm install ${name}…`);
  const started = performance.now();
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...specs], {
    cwd: dir,
    env: npmEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - started) / 1000;
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, { link?: boolean }>;
  };
  const packages = Object.entries(lock.packages).filter(
    ([path, entry]) => path.startsWith('node_modules/') && entry.link !== true,
  ).length;
  const mb = diskBytes(join(dir, 'node_modules')) / 1024 / 1024;
  return { name, specs: specs.map((spec) => spec.replace(`${work}/`, '')), packages, mb, seconds };
}

const work = mkdtempSync(join(tmpdir(), 'store-api-bench-install-'));
let results: Installed[];
try {
  const tarballs = join(work, 'tarballs');
  execFileSync(process.execPath, [join(ROOT, 'scripts/pack.ts'), '--out', tarballs], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const prism = pinned('@stoplight/prism-cli');
  if (prism === undefined) throw new Error('bench-install: no workspace manifest pins @stoplight/prism-cli');
  const mockoon = pinned('@mockoon/cli') ?? MOCKOON_FALLBACK;
  results = [
    install(
      work,
      '@store-api/mock',
      tarballsOf('@store-api/mock').map((file) => join(tarballs, file)),
    ),
    install(work, '@stoplight/prism-cli', [`@stoplight/prism-cli@${prism}`]),
    install(work, '@mockoon/cli', [`@mockoon/cli@${mockoon}`]),
  ];
} finally {
  rmSync(work, { recursive: true, force: true });
}

const [mock, prismCli] = results as [Installed, Installed, Installed];
const packagesRatio = mock.packages / prismCli.packages;
const mbRatio = mock.mb / prismCli.mb;
const met = packagesRatio <= GOAL && mbRatio <= GOAL;
const report = {
  installs: results.map((r) => ({ ...r, mb: Number(r.mb.toFixed(1)), seconds: Number(r.seconds.toFixed(1)) })),
  goal: {
    baseline: prismCli.specs[0],
    packagesRatio: Number(packagesRatio.toFixed(3)),
    mbRatio: Number(mbRatio.toFixed(3)),
    limit: GOAL,
    met,
  },
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log('\n| install | packages | MB | × prism-cli (packages) | × prism-cli (MB) | npm install |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results)
    console.log(
      `| ${r.specs.length > 1 ? `${r.name} (${r.specs.length} tarballs)` : r.specs[0]} | ${r.packages} | ${r.mb.toFixed(1)} | ${(r.packages / prismCli.packages).toFixed(2)} | ${(r.mb / prismCli.mb).toFixed(2)} | ${r.seconds.toFixed(1)} s |`,
    );
  console.log(
    `\ngoal: @store-api/mock ≤ ${GOAL}× ${prismCli.specs[0]} in packages (${packagesRatio.toFixed(2)}×) and in MB (${mbRatio.toFixed(2)}×): ${met ? 'met' : 'NOT MET'}`,
  );
}
