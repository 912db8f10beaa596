// Every publishable package passes publint and @arethetypeswrong/cli with every resolution it knows required
// (node10, node16 from CommonJS, node16 from ESM, bundler): partners load them with require and with import.
// Prints one table: each entry point of each package, a cell per resolution.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const PROFILES = ['node10', 'node16-cjs', 'node16-esm', 'bundler'] as const;
interface Problem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
}
interface Report {
  readonly analysis: {
    readonly packageName: string;
    readonly entrypoints: Record<string, { readonly resolutions: Record<string, unknown> }>;
    readonly problems?: readonly Problem[];
  };
  readonly problems?: Record<string, readonly Problem[]>;
}

const dirs = ['spec', ...readdirSync('packages').map((name) => `packages/${name}`)].filter((dir) => {
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { private?: boolean };
  return manifest.private !== true;
});
const rows: string[][] = [];
const failed: string[] = [];
for (const dir of dirs) {
  execFileSync('npx', ['publint', '--strict', dir], { stdio: 'inherit' });
  // The spec package ships JSON only: attw checks type entry points.
  if (dir === 'spec') continue;
  // --profile strict (attw's default) ignores no resolution; the exit status says whether any cell failed.
  const attw = spawnSync('npx', ['attw', '--pack', '.', '--profile', 'strict', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(attw.stdout) as Report;
  const problems = report.analysis.problems ?? Object.values(report.problems ?? {}).flat();
  const entrypoints = Object.keys(report.analysis.entrypoints).filter((e) => e !== './package.json');
  // A problem without an entry point or a resolution (a build-tool finding) fails every cell it could be in.
  for (const entrypoint of entrypoints)
    rows.push([
      entrypoint === '.' ? report.analysis.packageName : `${report.analysis.packageName}/${entrypoint.slice(2)}`,
      ...PROFILES.map((profile) => {
        const kinds = problems
          .filter((p) => (p.entrypoint ?? entrypoint) === entrypoint && (p.resolutionKind ?? profile) === profile)
          .map((p) => p.kind);
        return kinds.length === 0 ? 'ok' : `FAIL ${[...new Set(kinds)].join(', ')}`;
      }),
    ]);
  if (attw.status !== 0 || problems.length > 0)
    failed.push(`${dir} (attw exit ${attw.status}: ${problems.length} problems)`);
}

const header = ['entry point', ...PROFILES];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
if (failed.length > 0) {
  console.error(`check:packages: arethetypeswrong failed for ${failed.join('; ')}`);
  process.exit(1);
}
console.log(
  `check:packages: publint accepts ${dirs.join(', ')}; arethetypeswrong accepts ${rows.length} entry points under ${PROFILES.join(', ')}`,
);
