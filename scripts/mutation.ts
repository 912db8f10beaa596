// `npm run mutation -- <package> [--file F] [--concurrency N] [--break] [--incremental] [--save-baseline]`: Stryker
// mutates packages/<package>/src (or only its file F, to work on one quickly) and runs that package's own tests
// against each mutant, then prints every file's score and, last, the package's. The one place the Stryker
// configuration lives. `--break` exits 1 below the package's goal (issue 24), for CI.
// `--incremental` starts from the committed results in reports/mutation-baselines/<package>.json and re-tests only
// the mutants whose code or covering tests changed since (Stryker's incremental mode; the full report is still
// computed), so CI can afford it; the baseline is a cache of results, never a source of them: a stale one costs time,
// not truth. `--save-baseline` writes this run's results back there (commit it after changing the package).
// Per-test coverage (each mutant runs only the tests that reach it) relies on the vitest runner naming tests the
// way vitest 5 filters them ("describe > test"). 10.0 joined them with a space, the filter matched no test and every
// mutant survived; 10.1.1 joins them with " > ". The check below says if a covered mutant ran no test all the same.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Stryker } from '@stryker-mutator/core';

/** Detected (killed or timed out) over detected, survived and not covered, in per cent: Stryker's own score. */
function scoreOf(report: { files: Record<string, { mutants: readonly { status: string }[] }> }): number {
  const statuses = Object.values(report.files).flatMap((file) => file.mutants.map((mutant) => mutant.status));
  const detected = statuses.filter((status) => status === 'Killed' || status === 'Timeout').length;
  const valid = detected + statuses.filter((status) => status === 'Survived' || status === 'NoCoverage').length;
  return valid === 0 ? 0 : (100 * detected) / valid;
}

const GOALS: Readonly<Record<string, number>> = { signing: 90 };
const DEFAULT_GOAL = 85;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    file: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    break: { type: 'boolean', default: false },
    incremental: { type: 'boolean', default: false },
    'save-baseline': { type: 'boolean', default: false },
  },
});
const packages = readdirSync('packages').filter((name) => existsSync(`packages/${name}/src`));
const name = positionals[0];
if (name === undefined || !packages.includes(name)) {
  console.error(`usage: npm run mutation -- <${packages.join('|')}> [--file F] [--concurrency N] [--break]`);
  process.exit(2);
}
const goal = GOALS[name] ?? DEFAULT_GOAL;
process.env.STORE_API_MUTATION_PACKAGE = name;
const reports = `reports/mutation/${name}`;
const baseline = `reports/mutation-baselines/${name}.json`;
const incrementalFile = `${reports}/incremental.json`;
if (values.file !== undefined && (values.incremental || values['save-baseline'])) {
  console.error('mutation: --incremental and --save-baseline work on the whole package, not with --file');
  process.exit(2);
}
// Copied, not used in place: Stryker rewrites its incremental file, and the committed one must stay as committed.
mkdirSync(reports, { recursive: true });
rmSync(incrementalFile, { force: true });
if (values.incremental && existsSync(baseline)) copyFileSync(baseline, incrementalFile);
/** The committed baseline's score, as this script computes it. */
const committed = existsSync(baseline) ? scoreOf(JSON.parse(readFileSync(baseline, 'utf8'))) : undefined;
if (values.incremental && committed !== undefined)
  console.log(`mutation: the committed baseline scores ${committed.toFixed(1)}%`);

const options: ConstructorParameters<typeof Stryker>[0] = {
  testRunner: 'vitest',
  // The package's tests, chosen by vitest.mutation.config.ts (see there why not by Stryker's `testFiles`).
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate:
    values.file === undefined
      ? [`packages/${name}/src/**/*.{ts,mts,cts}`, '!**/*.d.ts', '!**/*.d.cts', `!packages/${name}/src/generated/**`]
      : [`packages/${name}/src/${values.file}`],
  coverageAnalysis: 'perTest',
  incremental: values.incremental || values['save-baseline'],
  incrementalFile,
  concurrency: Number(values.concurrency),
  // The sandbox copies only what the package's tests read: the root configs, the spec, the package itself.
  ignorePatterns: [
    '/*',
    '!/package.json',
    '!/tsconfig*.json',
    '!/vitest.config.ts',
    '!/vitest.mutation.config.ts',
    '!/scripts',
    '/scripts/*',
    '!/scripts/vitest-summary-reporter.ts',
    '!/spec',
    '!/packages',
    '/packages/*',
    `!/packages/${name}`,
  ],
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { reportTests: false, reportMutants: true, logTests: false },
  thresholds: { high: goal, low: goal - 10, break: null },
  cleanTempDir: 'always',
};

console.log(
  `mutation: Stryker on packages/${name}/src/${values.file ?? ''} against packages/${name}'s tests, concurrency ${options.concurrency}`,
);
const started = Date.now();
const results = await new Stryker(options).runMutationTest();
const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
const detected = count('Killed', 'Timeout');
const score = scoreOf({ files: { all: { mutants: results } } });
const ranNothing = results.filter((r) => (r.coveredBy?.length ?? 0) > 0 && r.testsCompleted === 0).length;
if (ranNothing > 0)
  console.warn(`mutation: ${ranNothing} covered mutants ran no test: the runner's test name filter matches nothing`);
console.log(
  `mutation: ${results.length} mutants, ${detected} detected, ${count('Survived')} survived, ${count('NoCoverage')} not covered, in ${Math.round((Date.now() - started) / 1000)} s; report in ${reports}/index.html; goal ${goal}%: ${score >= goal ? 'met' : 'not met'}`,
);
console.log(
  `mutation score @store-api/${name}${values.file === undefined ? '' : ` (${values.file})`}: ${score.toFixed(1)}%`,
);
if (values['save-baseline']) {
  mkdirSync('reports/mutation-baselines', { recursive: true });
  copyFileSync(incrementalFile, baseline);
  console.log(`mutation: saved ${baseline} (commit it)`);
}
// Under --incremental, --break holds the committed score while the goal is not yet reached (a ratchet): a change that
// lets more mutants survive than the baseline did fails, and a baseline saved at a higher score raises the bar. Half a
// point of slack: a mutant that makes a loop slower (signature.ts's `??=` made `=`) times out in one run and survives
// in the next, and re-run mutants can flip so.
const SLACK = 0.5;
const floor = values.incremental && committed !== undefined ? Math.min(goal, committed) : goal;
if (values.break && score < (floor === goal ? goal : floor - SLACK)) {
  console.error(
    `mutation: ${score.toFixed(1)}% is below ${floor === goal ? 'the goal' : 'the committed baseline'}, ${floor.toFixed(1)}%`,
  );
  process.exitCode = 1;
}
