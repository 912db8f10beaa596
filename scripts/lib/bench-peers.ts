// The peers the mock bench runs beside this mock, installed at bench time into a scratch folder outside the repo
// (never the repo's dependencies), once per pinned version: Mockoon's CLI and MSW. Plain Prism is already here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Pinned, so two runs measure the same peers. */
export const PEER_VERSIONS = { '@mockoon/cli': '9.9.0', msw: '3.0.5' } as const;

/** The scratch folder for these versions. */
export const peersFolder = (): string =>
  join(tmpdir(), `store-api-bench-peers-mockoon-${PEER_VERSIONS['@mockoon/cli']}-msw-${PEER_VERSIONS.msw}`);

/** The folder the peers are installed in (installed now unless already there), or why they could not be. */
export function installPeers(log: (line: string) => void): { folder: string } | { problem: string } {
  const folder = peersFolder();
  const installed = Object.keys(PEER_VERSIONS).every((name) =>
    existsSync(join(folder, 'node_modules', name, 'package.json')),
  );
  if (installed) return { folder };
  log(
    `installing ${Object.entries(PEER_VERSIONS)
      .map(([n, v]) => `${n}@${v}`)
      .join(' ')} into ${folder}…`,
  );
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        folder,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...Object.entries(PEER_VERSIONS).map(([name, version]) => `${name}@${version}`),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    return { folder };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ');
    return { problem: `npm install failed: ${stderr || (error as Error).message}` };
  }
}
