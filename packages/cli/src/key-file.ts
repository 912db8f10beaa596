// Writing a key where a partner keeps keys: never through a symbolic link, never half-written, never replacing a
// file unless asked, and a private key readable by its owner only, whatever mode the file it replaces had.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class KeyFileRefused extends Error {
  override readonly name = 'KeyFileRefused';
}

/** Why `path` cannot take a key (undefined if it can): a link is never written through, a file replaced only by force. */
export function keyFileRefusal(path: string, force: boolean): string | undefined {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (stat.isSymbolicLink())
    return `${path} is a symbolic link; keygen never writes a key through one (remove it, or give --out another directory)`;
  if (!stat.isFile()) return `${path} exists and is not a file; keygen replaces only a file`;
  return force ? undefined : `${path} already exists; give --force to replace it`;
}

/**
 * Writes `text` to `path` with `mode` atomically: a new file beside it (created exclusively, so never a link's
 * target), then linked into place (which fails if something appeared there) or, with `force`, renamed over it.
 * A rename replaces the name itself, so even a link put there meanwhile is replaced, not followed.
 */
export function writeKeyFile(path: string, text: string, mode: number, force: boolean): void {
  const refusal = keyFileRefusal(path, force);
  if (refusal !== undefined) throw new KeyFileRefused(refusal);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // Created with `mode` whatever the old file's was (a umask can only narrow it), never through a link ('wx').
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (force) renameSync(temporary, path);
    else
      try {
        linkSync(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new KeyFileRefused(keyFileRefusal(path, false) ?? `${path} already exists; give --force to replace it`);
        throw error;
      }
  } finally {
    rmSync(temporary, { force: true });
  }
}
