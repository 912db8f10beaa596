// The files under the generated paths that differ from what git has committed (changed, deleted or new).
import { execFileSync } from 'node:child_process';

/** Every generated output that is committed: the bundle, the types, the client's result-code table. */
export const GENERATED = ['spec/dist', 'packages/types/src/generated', 'packages/client/src/generated'] as const;

export function driftedFiles(repo: string, paths: readonly string[]): string[] {
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], {
    cwd: repo,
    encoding: 'utf8',
  });
  return status
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.slice(3));
}
