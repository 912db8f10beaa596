// Every publishable package passes publint and @arethetypeswrong/cli (ESM-only: CommonJS resolution is ignored).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const dirs = ['spec', ...readdirSync('packages').map((name) => `packages/${name}`)].filter((dir) => {
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { private?: boolean };
  return manifest.private !== true;
});
for (const dir of dirs) {
  execFileSync('npx', ['publint', '--strict', dir], { stdio: 'inherit' });
  // attw checks type entry points; the spec package ships JSON only.
  if (dir !== 'spec')
    execFileSync('npx', ['attw', '--pack', '.', '--profile', 'esm-only'], { cwd: dir, stdio: 'inherit' });
}
console.log(`check:packages: publint${dirs.length > 1 ? ' and attw' : ''} accept ${dirs.join(', ')}`);
