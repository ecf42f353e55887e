import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFiles } from './load.ts';

/**
 * The data directory is not there, or is a file. Read as an empty folder it would pass
 * validation with 0 errors and publish an empty site, so it is refused instead.
 */
export class DataDirNotFoundError extends Error {
  override name = 'DataDirNotFoundError';
  constructor(
    readonly dir: string,
    readonly isFile: boolean,
  ) {
    super(`the data directory ${dir} ${isFile ? 'is a file, not a folder' : 'does not exist'}`);
  }
}

/** Throws DataDirNotFoundError unless `dir` is a folder. */
export function assertDataDir(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new DataDirNotFoundError(dir, stat !== undefined);
}

/**
 * Reads every file under a data directory, keyed by forward-slash relative path. Dotfiles are
 * skipped. Throws DataDirNotFoundError when the directory is missing or is not a folder.
 */
export function readDataDir(dir: string): DataFiles {
  const files = new Map<string, string>();
  walkDataDir(dir, (abs, rel) => files.set(rel, readFileSync(abs, 'utf8')));
  return files;
}

/**
 * A stamp of what readDataDir would read, without reading it: each file's path, inode, size
 * and modification time. Equal stamps mean the same files: every writer here replaces a file
 * by renaming a new one into place (a new inode), as git does when it checks files out.
 */
export function dataDirStamp(dir: string): string {
  const parts: string[] = [];
  walkDataDir(dir, (abs, rel) => {
    const stat = statSync(abs, { bigint: true });
    parts.push(`${rel}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}`);
  });
  return parts.join('\n');
}

/** Calls `visit` for every file under `dir` (dotfiles skipped), with its absolute and relative path. */
function walkDataDir(dir: string, visit: (abs: string, rel: string) => void): void {
  assertDataDir(dir);
  const walk = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const childAbs = join(abs, entry.name);
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) visit(childAbs, childRel);
    }
  };
  walk(dir, '');
}
