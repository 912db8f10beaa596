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
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Stryker } from '@stryker-mutator/core';

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

const options: ConstructorParameters<typeof Stryker>[0] = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  testFiles: [`packages/${name}/test/**/*.test.ts`],
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
    '!/scripts',
    '/scripts/*',
    '!/scripts/vitest-summary-reporter.ts',
    '!/spec',
    '!/packages',
    '/packages/*',
    `!/packages/${name}`,
    `/packages/${name}/dist`,
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
const valid = detected + count('Survived', 'NoCoverage');
const score = valid === 0 ? 0 : (100 * detected) / valid;
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
if (values.break && score < goal) process.exitCode = 1;
