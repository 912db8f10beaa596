// The vitest configuration `npm run mutation` gives Stryker: the root one, narrowed to one package's tests
// (scripts/mutation.ts names it in STORE_API_MUTATION_PACKAGE). Narrowed here rather than with Stryker's `testFiles`:
// with testFiles, Stryker switches a static mutant (module-level code) on only once a test starts, after the module
// has loaded, so no test could ever kill one.
import { defineConfig } from 'vitest/config';
import root from './vitest.config.ts';

const name = process.env.STORE_API_MUTATION_PACKAGE;
if (name === undefined || !/^[a-z-]+$/.test(name))
  throw new Error('STORE_API_MUTATION_PACKAGE must name a package under packages/ (set by scripts/mutation.ts)');

export default defineConfig({
  test: {
    ...root.test,
    include: [`packages/${name}/test/**/*.test.ts`],
    typecheck: { enabled: false },
    reporters: ['default'],
  },
});
