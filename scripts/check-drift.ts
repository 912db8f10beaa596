// Fails when a committed generated file (the bundle, the types) differs from what the spec produces now.
// Run by CI after a clean install; run it yourself after changing spec/ (it rebuilds what is stale).
import { execFileSync } from 'node:child_process';

const GENERATED = ['spec/dist', 'packages/types/src/generated', 'packages/client/src/generated'];

execFileSync('npx', ['turbo', 'run', 'build', '--force', '--output-logs=errors-only'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', ...GENERATED], { encoding: 'utf8' }).trim();
if (changed !== '') {
  console.error(`Generated files differ from what the spec produces:\n${changed}`);
  console.error('Commit the regenerated files (they are never edited by hand).');
  process.exit(1);
}
console.log(`check:drift: ${GENERATED.join(', ')} match the spec.`);
