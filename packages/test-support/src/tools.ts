import { spawnSync } from 'node:child_process';

/**
 * Whether tests that need system commands should run: yes when every command is on the PATH, and yes under
 * `CI=true` whatever the PATH (CI must have every tool, so a missing one fails there). Otherwise it prints one line
 * naming what is skipped and how to enable it, and answers no.
 */
export function toolsPresent(commands: readonly string[], what: string, install: string): boolean {
  const check = commands.map((command) => `command -v ${command}`).join(' && ');
  if (spawnSync('sh', ['-c', check], { stdio: 'ignore' }).status === 0) return true;
  if (process.env.CI === 'true') return true;
  console.log(`skipped: ${what}: needs ${commands.join(', ')} (${install}); CI=true makes this a failure`);
  return false;
}
