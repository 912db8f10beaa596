// Fails when a committed generated file (the bundle, the types, the client's result codes) differs from what the
// spec produces now. Run by CI after a clean install; run it yourself after changing spec/ (it rebuilds).
import { execFileSync } from 'node:child_process';
import { driftedFiles, GENERATED } from './lib/drift.ts';

execFileSync('npx', ['turbo', 'run', 'build', '--force', '--output-logs=errors-only'], { stdio: 'inherit' });
const drifted = driftedFiles('.', GENERATED);
if (drifted.length > 0) {
  console.error(`check:drift: generated files differ from what the spec produces:\n  ${drifted.join('\n  ')}`);
  console.error('Commit the regenerated files (they are never edited by hand).');
  process.exit(1);
}
console.log(`check:drift: ${GENERATED.join(', ')} match the spec.`);
